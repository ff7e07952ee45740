using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Api.Migrations;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Sandbox.DemoTeam;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.PagerDuty.AuditRecords;
using AuditOrchestrator.Sandbox.Slack;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.PagerDuty;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Collector;

/// <summary>
/// A migrated test database, a simulated PagerDuty with audit records, a simulated Slack where the SOM (jellis, Slack
/// U05001 in the demo team) can be DMed, and "nodes": each its own service provider with the collector as the host
/// registers it, so a new node is a restart.
/// </summary>
internal sealed class CollectorTestBed : IAsyncDisposable
{
    public const string SomSlackId = "U05001";
    private readonly List<ServiceProvider> nodes = [];
    private readonly Dictionary<string, string?> settings;

    private CollectorTestBed(TestDatabase database, FakePagerDuty pagerDuty, SimulatedAuditRecords records, FakeSlack slack)
    {
        Database = database;
        PagerDuty = pagerDuty;
        Records = records;
        Slack = slack;
        settings = new Dictionary<string, string?>
        {
            ["PagerDuty:BaseUrl"] = pagerDuty.BaseUrl,
            ["PagerDuty:Token"] = pagerDuty.Token,
            ["Slack:BaseUrl"] = slack.BaseUrl,
            ["Slack:Token"] = slack.Token,
            ["SupportOps:Managers:0"] = "jellis",
            ["SupportTeam:Source"] = DemoTeamFiles.SingleFilePath,
        };
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    public TestDatabase Database { get; }
    public FakePagerDuty PagerDuty { get; }
    public SimulatedAuditRecords Records { get; }
    public FakeSlack Slack { get; }
    public TestClock Clock { get; } = new();

    /// <summary>A simulated GitLab once <see cref="UseNotificationsIssueAsync"/> has started one.</summary>
    public SimulatedGitLabServer? GitLab { get; private set; }

    public const string NotificationsProject = "support-ops/alerts";

    /// <summary>Shared by every node: a change here (and <see cref="ChangeSetting"/>) is a change of the settings.</summary>
    public IConfigurationRoot Configuration { get; }

    public static async Task<CollectorTestBed> StartAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var pagerDuty = new FakePagerDuty("pd-" + Guid.NewGuid().ToString("N"));
        var records = SimulatedAuditRecords.AttachTo(pagerDuty);
        await pagerDuty.StartAsync();
        var slack = new FakeSlack("xoxb-" + Guid.NewGuid().ToString("N"));
        slack.AddUser(SomSlackId);
        await slack.StartAsync();
        var bed = new CollectorTestBed(database, pagerDuty, records, slack);
        await using var migrating = bed.NewNode();
        await migrating.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return bed;
    }

    /// <summary>A fresh node (its own container, connections and HTTP clients), as after a restart.</summary>
    public ServiceProvider NewNode(int maxRetries = 4, TimeSpan? attemptTimeout = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(Configuration);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(_ => NpgsqlDataSource.Create(Database.ConnectionString));
        services.AddDbContextFactory<OrchestratorDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddDatabaseMigrations();
        services.AddPagerDutyAuditRecords(Configuration);
        foreach (var vendor in new[] { PagerDutyClient.Vendor, "Slack", "GitLab" })
        {
            services.Configure<VendorResilienceOptions>(vendor, o =>
            {
                o.MaxRetries = maxRetries;
                o.BaseDelay = TimeSpan.FromMilliseconds(5);
                o.MaxDelay = TimeSpan.FromMilliseconds(20);
                o.AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5);
            });
        }

        var node = services.BuildServiceProvider();
        nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Starts a simulated GitLab with an issue for <c>Notifications__GitLabIssue</c> (in a project of its own, the bot a
    /// developer there) and points the settings at it; returns the issue's iid.
    /// </summary>
    public async Task<long> UseNotificationsIssueAsync()
    {
        var team = await SupportTeamLoader.LoadAsync(new LocalTeamFiles(DemoTeamFiles.SingleFilePath), AuditIntegrations.Shipped.TeamFields, CancellationToken.None);
        GitLab = await SimulatedGitLab.StartAsync(team, []);
        GitLab.Fake.AddProject(NotificationsProject);
        GitLab.Fake.AddMember(NotificationsProject, SimulatedGitLab.Bot, 30);
        using var bot = new HttpClient { BaseAddress = new Uri(GitLab.Fake.BaseUrl) };
        bot.DefaultRequestHeaders.Add("PRIVATE-TOKEN", GitLab.Token);
        var created = await bot.PostAsJsonAsync($"/api/v4/projects/{Uri.EscapeDataString(NotificationsProject)}/issues", new { title = "Audit alerts" });
        created.EnsureSuccessStatusCode();
        var iid = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("iid").GetInt64();
        Configuration["GitLab:BaseUrl"] = GitLab.Fake.BaseUrl;
        Configuration["GitLab:Token"] = GitLab.Token;
        Configuration["GitLab:ServiceUsername"] = SimulatedGitLab.Bot;
        ChangeSetting("Notifications:GitLabIssue", $"{NotificationsProject}#{iid}");
        return iid;
    }

    /// <summary>The notes (not system notes) on the notifications issue, oldest first.</summary>
    public IReadOnlyList<string> NotificationNotes(long iid) =>
        [.. GitLab!.Fake.GetIssue(NotificationsProject, iid).Discussions.ToList().SelectMany(d => d.Notes.ToList())
            .Where(n => !n.System).OrderBy(n => n.Id).Select(n => n.Body)];

    public void ChangeSetting(string key, string? value)
    {
        Configuration[key] = value;
        Configuration.Reload();
    }

    public static Task<PassOutcome> PassAsync(IServiceProvider node, CancellationToken cancellationToken = default) =>
        node.GetRequiredService<AuditRecordPoller>().RunPassAsync(cancellationToken);

    public static Task<SourceState?> StateAsync(IServiceProvider node) =>
        node.GetRequiredService<AuditRecordStore>().FindAsync(AuditRecordStore.PagerDutySource, CancellationToken.None);

    public static Task<IReadOnlyList<SourceNotification>> NotificationsAsync(IServiceProvider node) =>
        node.GetRequiredService<AuditRecordStore>().NotificationsAsync(AuditRecordStore.PagerDutySource, pendingOnly: false, CancellationToken.None);

    /// <summary>Every stored record id with how many times it is stored (the key makes that 1, the test checks it anyway).</summary>
    public async Task<List<string>> StoredIdsAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM pagerduty_audit_logs WHERE NOT malformed ORDER BY execution_time DESC, id DESC", connection);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public int AuditRecordCalls => PagerDuty.Calls.Count(c => c.PathAndQuery.StartsWith("/audit/records", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        await PagerDuty.DisposeAsync();
        await Slack.DisposeAsync();
        if (GitLab is not null)
        {
            await GitLab.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
