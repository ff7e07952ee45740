using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Audits.Alerts;
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

    private readonly Dictionary<string, string?> _settings;
    private ServiceFactory? _service;

    private AlertsHost(AuditWorld world, Dictionary<string, string?> settings, long notificationsIssue)
    {
        World = world;
        _settings = settings;
        NotificationsIssue = notificationsIssue;
    }

    public AuditWorld World { get; }
    public TestClock Clock { get; } = new();
    public TestDatabase Database => World.Database;
    public FakePagerDuty PagerDuty => World.PagerDuty!;
    public SimulatedGitLabServer GitLab => World.GitLab;
    public FakeSlack Slack => World.Slack!;
    public long NotificationsIssue { get; }
    public HttpClient Admin { get; private set; } = null!;

    /// <param name="timerSweepInterval">Jobs__TimerSweepInterval: long, and a timer whose alarm lies in real time stays unfired.</param>
    public static async Task<AlertsHost> StartAsync(string timerSweepInterval = "00:00:01")
    {
        var world = await AuditWorld.StartAsync(new WorldOptions(TeamYaml)
        {
            SeedPagerDuty = pagerDuty =>
            {
                pagerDuty.AddUser("PSOM001", "Mona Som", "msom@example.com");
                pagerDuty.AddUser("PLEAD01", "Terry Lead", "tlead@example.com", "manager");
                pagerDuty.AddUser("PDAVE01", "Dave Never", "dave@example.com");
                pagerDuty.AddSchedule("PSCHED1", "Support on-call", ["PSOM001", "PLEAD01"]);
            },
            Slack = true,
            Settings = new Dictionary<string, string?> { ["Audits:PagerDuty:Variant"] = "quarterly" },
        });
        var gitLab = world.GitLab;
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
        world.Slack!.AddChannel(Channel);

        var settings = new Dictionary<string, string?>
        {
            ["Alerts:CheckInterval"] = "00:00:01",
            ["Jobs:TimerSweepInterval"] = timerSweepInterval,
            ["Notifications:SlackChannel"] = Channel,
            ["Notifications:GitLabIssue"] = $"{NotificationsProject}#{notificationsIssue}",
        };
        var host = new AlertsHost(world, settings, notificationsIssue);
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

    public Task<Guid> StartRunAsync() => Admin.StartRunAsync("pagerduty");

    public Task<RunView> RunAsync(Guid id) => Admin.RunAsync(id);

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
    public IReadOnlyList<string> BotNotes(long iid, string project = SimulatedGitLab.AuditProject) =>
        [.. World.BotNotes(iid, project).Select(n => n.Body)];

    public IReadOnlyList<string> SomDms() => [.. Slack.MessagesTo(SomSlackId).Select(m => m.Text)];

    public IReadOnlyList<string> ChannelPosts() => [.. Slack.MessagesIn(Channel).Select(m => m.Text)];

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        await World.DisposeAsync();
    }

    private async Task StartServiceAsync()
    {
        _service = await World.StartNodeAsync(Clock, _settings);
        Admin = _service.Api();
    }
}
