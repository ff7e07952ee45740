using AuditOrchestrator.Audits.Checks;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Sandbox.Calendly;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.Slack;
using AuditOrchestrator.Sandbox.Zendesk;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>What an <see cref="AuditWorld"/> holds beside its team file, database and simulated GitLab.</summary>
/// <param name="TeamYaml">The team data the service reads (support-team.yaml).</param>
public sealed record WorldOptions(string TeamYaml)
{
    /// <summary>A simulated PagerDuty.</summary>
    public bool PagerDuty { get; init; }

    /// <summary>Seeds the simulated PagerDuty before any node starts (implies <see cref="PagerDuty"/>).</summary>
    public Action<FakePagerDuty>? SeedPagerDuty { get; init; }

    /// <summary>With a simulated PagerDuty: whether the service collects its audit records (it sends Slack messages of its own).</summary>
    public bool CollectPagerDutyAuditRecords { get; init; }

    /// <summary>A simulated Calendly.</summary>
    public bool Calendly { get; init; }

    /// <summary>A simulated Slack, one user per member with a Slack id.</summary>
    public bool Slack { get; init; }

    /// <summary>Both simulated Zendesk instances (main, US Federal), seeded by this before any node starts.</summary>
    public Action<FakeZendesk, FakeZendesk>? SeedZendesk { get; init; }

    /// <summary>The clock of the simulated GitLab and Slack (the times on notes and messages); else the real one.</summary>
    public TimeProvider? VendorClock { get; init; }

    /// <summary>More settings every node starts with (<c>Section:Key</c>), e.g. an audit's variant.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// The world an audit runs in, defined once for every test that runs one: the team file, one database, the simulated
/// vendors (the Sandbox project's fakes on 127.0.0.1) and the settings every node of the service starts with. Nodes
/// run in the test process on Kestrel (<see cref="StartNodeAsync"/>) or as their own OS process
/// (<see cref="ProcessEnvironment"/>); either way the simulated GitLab sends its webhooks to the node last started.
/// </summary>
public sealed partial class AuditWorld : IAsyncDisposable
{
    /// <summary>The run's Support Operations Manager (<c>SupportOps:Managers:0</c>): every team of these tests has them.</summary>
    public const string Som = "msom";

    private readonly string _teamFolder;
    private readonly Dictionary<string, string?> _settings;

    private AuditWorld(string teamFolder, SupportTeam team, TestDatabase database, SimulatedGitLabServer gitLab)
    {
        _teamFolder = teamFolder;
        Team = team;
        Database = database;
        GitLab = gitLab;
        _settings = new Dictionary<string, string?>(gitLab.Configuration)
        {
            ["SupportTeam:Source"] = TeamFile,
            ["SupportOps:Managers:0"] = Som,
            ["GitLab:ServiceUsername"] = SimulatedGitLab.Bot,
            ["GitLab:NotesPerMinute"] = "60000",
            // Tests that want the reconciliation switch it on; else only webhooks move a run.
            ["GitLab:ReconcileInterval"] = "00:00:00",
            ["Webhooks:PollInterval"] = "00:00:01",
        };
    }

    /// <summary>The team data file the service reads.</summary>
    public string TeamFile => Path.Combine(_teamFolder, "support-team.yaml");

    public SupportTeam Team { get; }
    public TestDatabase Database { get; }
    public SimulatedGitLabServer GitLab { get; }
    public FakePagerDuty? PagerDuty { get; private set; }
    public FakeCalendly? Calendly { get; private set; }
    public FakeSlack? Slack { get; private set; }
    public FakeZendesk? ZendeskMain { get; private set; }
    public FakeZendesk? ZendeskUsFederal { get; private set; }

    /// <summary>The settings every node starts with (<c>Section:Key</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public static async Task<AuditWorld> StartAsync(WorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Directory.CreateTempSubdirectory("audit-team-").FullName;
        var teamFile = Path.Combine(folder, "support-team.yaml");
        await File.WriteAllTextAsync(teamFile, options.TeamYaml);
        var team = await SupportTeamLoader.LoadAsync(new LocalTeamFiles(teamFile), AuditIntegrations.Shipped.TeamFields, CancellationToken.None);
        var gitLab = await SimulatedGitLab.StartAsync(team, [], time: options.VendorClock);
        var world = new AuditWorld(folder, team, await TestDatabase.CreateAsync(), gitLab);
        try
        {
            await world.StartVendorsAsync(options);
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
        foreach (var (key, value) in options.Settings)
        {
            world._settings[key] = value;
        }
        return world;
    }

    /// <summary>
    /// Starts a node of the service in the test process, on Kestrel, with the world's settings and <paramref name="own"/>
    /// (which win); GitLab sends its webhooks there; returns once the node is ready.
    /// </summary>
    public async Task<ServiceFactory> StartNodeAsync(
        TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? own = null, Action<IServiceCollection>? testServices = null)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in own ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var node = ServiceFactory.StartOnKestrel(Database, settings, clock, testServices);
        GitLab.SendWebhooksTo(new Uri(node.BaseAddress, "/webhooks/gitlab"));
        using var client = node.Api();
        await ServiceFactory.ReadyAsync(client, TimeSpan.FromSeconds(60));
        return node;
    }

    /// <summary>
    /// The environment of a node run as its own process (<see cref="ServiceProcess"/>): the world's settings, what the
    /// test host gives an in-process node (database, bootstrap token, the shipped workflows), Development, a quick
    /// runtime poll, and <paramref name="own"/> (which win; <c>Section__Key</c> or <c>Section:Key</c>).
    /// </summary>
    public Dictionary<string, string> ProcessEnvironment(IReadOnlyDictionary<string, string>? own = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
            ["Workflows__Directory"] = RepositoryPaths.Workflows,
            ["Runtime__PollInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in _settings.Where(s => s.Value is not null))
        {
            environment[EnvironmentKey(key)] = value!;
        }
        foreach (var (key, value) in own ?? new Dictionary<string, string>())
        {
            environment[EnvironmentKey(key)] = value;
        }
        return environment;
    }

    /// <summary>Every note the bot posted on an issue (of the audit project unless named), oldest first, with its thread and mentions.</summary>
    public IReadOnlyList<BotNote> BotNotes(long iid, string project = SimulatedGitLab.AuditProject)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var issue = GitLab.Fake.GetIssue(project, iid);
                // Every issue of these tests was opened by the bot.
                return [.. issue.Discussions.ToList()
                    .SelectMany(d => d.Notes.ToList().Select(n => (Discussion: d, Note: n)))
                    .Where(x => x.Note.AuthorId == issue.AuthorId && !x.Note.System)
                    .OrderBy(x => x.Note.Id)
                    .Select(x => new BotNote(x.Discussion.Id, x.Note.Id, x.Note.Body, x.Note.CreatedAt, Mentions(x.Note.Body)))];
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                // The service is writing to the fake meanwhile; read again.
            }
        }
    }

    /// <summary>The usernames a note mentions (<c>@name</c>, not in code), in order.</summary>
    public static IReadOnlyList<string> Mentions(string body) => [.. Mention().Matches(body).Select(m => m.Groups[1].Value)];

    public async ValueTask DisposeAsync()
    {
        await GitLab.DisposeAsync();
        foreach (var vendor in new IAsyncDisposable?[] { PagerDuty, Calendly, Slack, ZendeskMain, ZendeskUsFederal })
        {
            if (vendor is not null)
            {
                await vendor.DisposeAsync();
            }
        }
        await Database.DisposeAsync();
        Directory.Delete(_teamFolder, recursive: true);
    }

    private async Task StartVendorsAsync(WorldOptions options)
    {
        if (options.PagerDuty || options.SeedPagerDuty is not null)
        {
            PagerDuty = new FakePagerDuty("pd-" + RandomHex());
            await PagerDuty.StartAsync(CancellationToken.None);
            options.SeedPagerDuty?.Invoke(PagerDuty);
            _settings["PagerDuty:BaseUrl"] = PagerDuty.BaseUrl;
            _settings["PagerDuty:Token"] = PagerDuty.Token;
            if (!options.CollectPagerDutyAuditRecords)
            {
                _settings["PagerDutyAuditLogs:Enabled"] = "false";
            }
        }
        if (options.Calendly)
        {
            Calendly = new FakeCalendly("cal-" + RandomHex());
            await Calendly.StartAsync(CancellationToken.None);
            _settings["Calendly:BaseUrl"] = Calendly.BaseUrl;
            _settings["Calendly:Token"] = Calendly.Token;
        }
        if (options.Slack)
        {
            Slack = await SimulatedSlack.StartAsync(Team, options.VendorClock);
            foreach (var (key, value) in SimulatedSlack.Configuration(Slack))
            {
                _settings[key] = value;
            }
        }
        if (options.SeedZendesk is not null)
        {
            ZendeskMain = NewZendesk("main");
            ZendeskUsFederal = NewZendesk("us-federal");
            await ZendeskMain.StartAsync();
            await ZendeskUsFederal.StartAsync();
            options.SeedZendesk(ZendeskMain, ZendeskUsFederal);
            foreach (var (key, zendesk) in new[] { ("Main", ZendeskMain), ("UsFederal", ZendeskUsFederal) })
            {
                _settings[$"Zendesk:{key}:BaseUrl"] = zendesk.BaseUrl;
                _settings[$"Zendesk:{key}:Email"] = zendesk.Email;
                _settings[$"Zendesk:{key}:Token"] = zendesk.Token;
            }
        }
    }

    private static FakeZendesk NewZendesk(string instance) => new(instance, "support-ops@example.com", "zd-" + RandomHex());

    private static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string EnvironmentKey(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![\w`])@([A-Za-z0-9_.\-]+)")]
    private static partial Regex Mention();
}

/// <summary>A note the bot posted: its thread, id, text, time and the people it mentions.</summary>
public sealed record BotNote(string DiscussionId, long Id, string Body, DateTimeOffset At, IReadOnlyList<string> Mentions);
