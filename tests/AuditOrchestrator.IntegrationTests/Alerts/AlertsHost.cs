using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AuditOrchestrator.Audits.Alerts;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Alerts;

/// <summary>
/// The service on Kestrel over its own database, with a simulated PagerDuty, GitLab and Slack, a clock the test
/// moves, a Slack channel and a GitLab issue for <c>Notifications__*</c>, and the alerts pass every second. The
/// service can be restarted on the same database. Dave is the one person with a finding.
/// </summary>
internal sealed class AlertsHost : IAsyncDisposable
{
    public const string Som = "msom";
    public const string SomSlackId = "U0MSOM001";
    public const string Channel = "C0ALERTS1";
    public const string NotificationsProject = "support-ops/ops-alerts";
    public const string Item = "dave";

    private const string TeamYaml = """
        - name: "Mona Som"
          email: msom@example.com
          title: "Support Operations Manager"
          pagerduty: { id: PSOM001 }
          gitlab: { id: 9100, username: msom }
          slack: { id: U0MSOM001 }
        - name: "Terry Lead"
          email: tlead@example.com
          title: "Support Engineering Manager"
          pagerduty: { id: PLEAD01 }
          gitlab: { id: 9101, username: tlead }
        - name: "Dave Never"
          email: dave@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          pagerduty: { id: PDAVE01 }
          gitlab: { id: 9105, username: dave }
        """;

    private readonly string _teamFolder;
    private readonly Dictionary<string, string?> _settings;
    private ServiceFactory? _service;

    private AlertsHost(TestDatabase database, FakePagerDuty pagerDuty, SimulatedGitLabServer gitLab, FakeSlack slack, string teamFolder,
        Dictionary<string, string?> settings, long notificationsIssue)
    {
        Database = database;
        PagerDuty = pagerDuty;
        GitLab = gitLab;
        Slack = slack;
        _teamFolder = teamFolder;
        _settings = settings;
        NotificationsIssue = notificationsIssue;
    }

    public TestClock Clock { get; } = new();
    public TestDatabase Database { get; }
    public FakePagerDuty PagerDuty { get; }
    public SimulatedGitLabServer GitLab { get; }
    public FakeSlack Slack { get; }
    public long NotificationsIssue { get; }
    public HttpClient Admin { get; private set; } = null!;

    /// <param name="timerSweepInterval">Jobs__TimerSweepInterval: long, and a timer whose alarm lies in real time stays unfired.</param>
    public static async Task<AlertsHost> StartAsync(string timerSweepInterval = "00:00:01")
    {
        var folder = Directory.CreateTempSubdirectory("alerts-team-").FullName;
        var teamFile = Path.Combine(folder, "support-team.yaml");
        await File.WriteAllTextAsync(teamFile, TeamYaml);
        var team = await SupportTeamLoader.LoadAsync(new LocalTeamFiles(teamFile), CancellationToken.None);

        var pagerDuty = new FakePagerDuty("pd-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        await pagerDuty.StartAsync(CancellationToken.None);
        pagerDuty.AddUser("PSOM001", "Mona Som", "msom@example.com");
        pagerDuty.AddUser("PLEAD01", "Terry Lead", "tlead@example.com", "manager");
        pagerDuty.AddUser("PDAVE01", "Dave Never", "dave@example.com");
        pagerDuty.AddSchedule("PSCHED1", "Support on-call", ["PSOM001", "PLEAD01"]);

        var gitLab = await SimulatedGitLab.StartAsync(team, []);
        gitLab.Fake.AddProject(NotificationsProject);
        gitLab.Fake.AddMember(NotificationsProject, SimulatedGitLab.Bot, 30);
        long notificationsIssue;
        using (var bot = new HttpClient { BaseAddress = new Uri(gitLab.Fake.BaseUrl) })
        {
            bot.DefaultRequestHeaders.Add("PRIVATE-TOKEN", gitLab.Token);
            var created = await bot.PostAsJsonAsync($"/api/v4/projects/{Uri.EscapeDataString(NotificationsProject)}/issues", new { title = "Audit alerts" });
            created.EnsureSuccessStatusCode();
            notificationsIssue = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("iid").GetInt64();
        }

        var slack = await SimulatedSlack.StartAsync(team);
        slack.AddChannel(Channel);
        var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>(gitLab.Configuration)
        {
            ["SupportTeam:Source"] = teamFile,
            ["PagerDuty:BaseUrl"] = pagerDuty.BaseUrl,
            ["PagerDuty:Token"] = pagerDuty.Token,
            ["PagerDutyAuditLogs:Enabled"] = "false",
            ["SupportOps:Managers:0"] = Som,
            ["Audits:PagerDuty:Variant"] = "quarterly",
            ["GitLab:NotesPerMinute"] = "60000",
            ["GitLab:ServiceUsername"] = SimulatedGitLab.Bot,
            ["GitLab:ReconcileInterval"] = "00:00:00",
            ["Webhooks:PollInterval"] = "00:00:01",
            ["Alerts:CheckInterval"] = "00:00:01",
            ["Jobs:TimerSweepInterval"] = timerSweepInterval,
            ["Notifications:SlackChannel"] = Channel,
            ["Notifications:GitLabIssue"] = $"{NotificationsProject}#{notificationsIssue}",
        };
        foreach (var (key, value) in SimulatedSlack.Configuration(slack))
        {
            settings[key] = value;
        }

        var host = new AlertsHost(database, pagerDuty, gitLab, slack, folder, settings, notificationsIssue);
        await host.StartServiceAsync();
        return host;
    }

    /// <summary>Stops the service (gracefully) and starts a new one on the same database: a restart.</summary>
    public async Task RestartAsync()
    {
        Admin.Dispose();
        await _service!.DisposeAsync();
        await StartServiceAsync();
    }

    public async Task<Guid> StartRunAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/runs", new { audit = "pagerduty" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<RunView> RunAsync(Guid id) => await Admin.GetAsync<RunView>($"/api/runs/{id}");

    /// <summary>Waits until the run's issue exists and Dave's item waits on its first timer; gives the issue's iid.</summary>
    public async Task<long> FirstPingAsync(Guid run)
    {
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var view = await RunAsync(run);
            if (view.Issue is null)
            {
                return false;
            }
            iid = view.Issue!.Iid;
            return view.Items!.Any(i => i.NextTimer is not null);
        }, TimeSpan.FromSeconds(60), "the issue exists and Dave's item waits");
        return iid;
    }

    /// <summary>
    /// Runs one whole alerts pass (looking, resolving and delivering), waiting while the recurring job holds the lock:
    /// whatever a pass would tell has been told when this returns.
    /// </summary>
    public async Task AlertsPassAsync()
    {
        var pass = _service!.Services.GetRequiredService<RunAlertsPass>();
        await Eventually.HoldsAsync(() => pass.RunAsync(CancellationToken.None), TimeSpan.FromSeconds(30), "an alerts pass runs");
    }

    /// <summary>The bot's notes on an issue (of the audit project unless named), oldest first.</summary>
    public IReadOnlyList<string> BotNotes(long iid, string project = SimulatedGitLab.AuditProject)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var issue = GitLab.Fake.GetIssue(project, iid);
                // Both issues were opened by the bot.
                return [.. issue.Discussions.ToList().SelectMany(d => d.Notes.ToList())
                    .Where(n => !n.System && n.AuthorId == issue.AuthorId).OrderBy(n => n.Id).Select(n => n.Body)];
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                // The service is writing to the fake meanwhile; read again.
            }
        }
    }

    public IReadOnlyList<string> SomDms() => [.. Slack.MessagesTo(SomSlackId).Select(m => m.Text)];

    public IReadOnlyList<string> ChannelPosts() => [.. Slack.MessagesIn(Channel).Select(m => m.Text)];

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        await Database.DisposeAsync();
        await GitLab.DisposeAsync();
        await Slack.DisposeAsync();
        await PagerDuty.DisposeAsync();
        Directory.Delete(_teamFolder, recursive: true);
    }

    private async Task StartServiceAsync()
    {
        _service = ServiceFactory.StartOnKestrel(Database, _settings, Clock);
        Admin = _service.Api();
        GitLab.SendWebhooksTo(new Uri(_service.BaseAddress, "/webhooks/gitlab"));
        await ServiceFactory.ReadyAsync(Admin, TimeSpan.FromSeconds(60));
    }
}
