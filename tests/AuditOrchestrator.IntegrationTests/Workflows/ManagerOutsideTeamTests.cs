using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.Api.Runs;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>
/// A run over team data as real organisations keep it: Bob reports to someone who is not on the support team, Dave
/// names himself. The team loads; their manager step is skipped with the reason; the run's journal warns once each.
/// </summary>
public sealed class ManagerOutsideTeamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private FollowUpHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        var yaml = SmallTeam.Yaml
            .Replace("reports_to: \"Terry Lead\"\n  pagerduty: { id: PBOB001 }", "reports_to: \"Chief Customer Officer\"\n  pagerduty: { id: PBOB001 }", StringComparison.Ordinal)
            .Replace("reports_to: \"Terry Lead\"\n  pagerduty: { id: PDAVE01 }", "reports_to: \" dave NEVER\"\n  pagerduty: { id: PDAVE01 }", StringComparison.Ordinal);
        Assert.That(yaml, Does.Contain("Chief Customer Officer").And.Contain("dave NEVER"));
        _host = await FollowUpHost.StartAsync(yaml, variant: "semiannual");
        SmallTeam.SeedPagerDuty(_host.PagerDuty);
    }

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Run_WhenManagersAreOutsideTheData_SkipsTheirManagerStepWithTheReasonAndWarnsOnceEach()
    {
        var run = await _host.StartRunAsync();
        var (iid, _) = await _host.FirstPingsAsync(run, 5);

        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => _host.BotNotes(iid).Count == 10
            && (await _host.RunAsync(run)).Items!.All(i => i.NextTimer?.Step == "wait-manager-and-som"), Patience, "the five escalations are posted and wait");
        await Settle.ItemsAsync(() => _host.RunAsync(run), _host.Clock);
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).Status == "awaiting-review", Patience, "the review is asked for");

        var view = await _host.RunAsync(run);
        var lines = (await File.ReadAllLinesAsync(_host.TeamFile)).ToList();
        var bobAt = $"{_host.TeamFile}:{lines.FindIndex(l => l.Contains("Chief Customer Officer", StringComparison.Ordinal)) + 1}";
        var daveAt = $"{_host.TeamFile}:{lines.FindIndex(l => l.Contains("dave NEVER", StringComparison.Ordinal)) + 1}";
        var runJournal = await JournalAsync(run);
        Assert.Multiple(async () =>
        {
            Assert.That(runJournal.Where(e => e.Kind == "team-data-warning").Select(e => e.Message), Is.EquivalentTo(new[]
            {
                $"{bobAt}: field 'reports_to': 'Chief Customer Officer' names nobody in the team data; Bob Silent has no manager in the data, so their manager step is skipped",
                $"{daveAt}: field 'reports_to': ' dave NEVER' is the person themselves; Dave Never has no manager in the data, so their manager step is skipped",
            }), "one warning each, though every re-check reads the team data again");
            Assert.That(await SkippedAsync(view, "bob"), Is.EqualTo(new[]
            {
                $"Bob Silent has no manager in the team data: their reports_to 'Chief Customer Officer' names nobody in the team data ({bobAt})",
            }));
            Assert.That(await SkippedAsync(view, "dave"), Has.One.Contains("their reports_to ' dave NEVER' is the person themselves"));
            Assert.That(await SkippedAsync(view, "carol"), Is.Empty, "Carol's manager is on the team");
        });
        var dave = _host.BotNotes(iid).Where(n => n.Body.Contains("Dave Never", StringComparison.Ordinal) || n.Body.Contains("`dave`", StringComparison.Ordinal)).ToList();
        Assert.That(dave[^1].Mentions, Is.EqualTo(new[] { FollowUpHost.Som }), "the SOM alone is asked about Dave");
    }

    private async Task<List<(string Kind, string? Message)>> JournalAsync(Guid instance) =>
        [.. (await _host.Admin.InstanceAsync(instance)).Journal.Select(e => (e.Kind, e.Data?["message"]?.GetValue<string>()))];

    private async Task<List<string?>> SkippedAsync(RunView run, string item)
    {
        var instance = run.Item(item).InstanceId!.Value;
        return [.. (await _host.Admin.InstanceAsync(instance)).Journal.Where(e => e.Kind == "manager-step-skipped").Select(e => e.Data.Text("reason"))];
    }
}
