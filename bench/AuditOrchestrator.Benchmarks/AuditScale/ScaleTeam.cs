using System.Globalization;
using System.Text;
using AuditOrchestrator.Sandbox.PagerDuty;

namespace AuditOrchestrator.Benchmarks.AuditScale;

/// <summary>
/// A team of N engineers who all have a finding, their managers (one per <see cref="TeamSize"/>) and the SOM. Each
/// engineer has a PagerDuty account and a rotation in the team data, but is not on that schedule
/// (<c>pagerduty.not_on_schedule</c>); the managers and the SOM are on schedules and clean. N/10 schedules, as many as
/// the dry-run benchmark's 100 for 1,000 people.
/// </summary>
internal sealed class ScaleTeam(int people)
{
    public const string Som = "msom";
    public const int TeamSize = 25;

    public int People => people;
    public int Managers => Math.Max(1, (people + TeamSize - 1) / TeamSize);
    public int Schedules => Math.Max(1, people / 10);

    public ScaleMinimum Minimum => new(People, Managers, Schedules);

    /// <summary>The team's YAML; GitLab ids from 100,000 up, clear of the ids the simulated GitLab hands out itself.</summary>
    public string Yaml()
    {
        var yaml = new StringBuilder();
        yaml.Append("- name: Mona Som\n  email: msom@example.com\n  title: Support Operations Manager\n  pagerduty: {id: PSOM0001}\n  gitlab: {id: 900000, username: msom}\n");
        for (var m = 0; m < Managers; m++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"- name: Manager {m}\n  email: manager{m}@example.com\n  title: Support Engineering Manager\n");
            yaml.Append(CultureInfo.InvariantCulture, $"  pagerduty: {{id: {ManagerId(m)}}}\n  gitlab: {{id: {800000 + m}, username: manager{m}}}\n");
        }

        for (var i = 0; i < People; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"- name: Engineer {i}\n  email: engineer{i}@example.com\n  title: Support Engineer\n  reports_to: Manager {i / TeamSize}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"  pagerduty: {{id: {EngineerId(i)}, rotations: [{ScheduleId(i % Schedules)}]}}\n  gitlab: {{id: {100_000 + i}, username: engineer{i}}}\n");
        }

        return yaml.ToString();
    }

    public void Seed(FakePagerDuty pagerDuty)
    {
        ArgumentNullException.ThrowIfNull(pagerDuty);
        pagerDuty.AddUser("PSOM0001", "Mona Som", "msom@example.com");
        for (var m = 0; m < Managers; m++)
        {
            pagerDuty.AddUser(ManagerId(m), $"Manager {m}", $"manager{m}@example.com", "manager");
        }

        for (var i = 0; i < People; i++)
        {
            pagerDuty.AddUser(EngineerId(i), $"Engineer {i}", $"engineer{i}@example.com");
        }

        for (var s = 0; s < Schedules; s++)
        {
            var members = new List<string> { "PSOM0001" };
            members.AddRange(Enumerable.Range(0, Managers).Where(m => m % Schedules == s).Select(ManagerId));
            pagerDuty.AddSchedule(ScheduleId(s), $"Schedule {s}", members);
        }
    }

    private static string EngineerId(int i) => $"PE{i:D6}";

    private static string ManagerId(int m) => $"PM{m:D6}";

    private static string ScheduleId(int s) => $"PS{s:D5}";
}
