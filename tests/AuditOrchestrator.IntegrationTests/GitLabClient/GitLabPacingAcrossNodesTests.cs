using AuditOrchestrator.Api.Migrations;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using GitLabApi = AuditOrchestrator.Vendors.GitLab.GitLabClient;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

/// <summary>
/// GitLab's request and note budgets are kept by two nodes together (each its own container, pacers and HTTP clients,
/// one database), and GitLab's <c>Retry-After</c> and <c>RateLimit-Remaining: 0</c> / <c>RateLimit-Reset</c> hold
/// every node back, against the simulated GitLab.
/// </summary>
public sealed class GitLabPacingAcrossNodesTests
{
    private const string Token = "glpat-PacingNodes1";
    private const string Project = "support/audits";
    private TestDatabase _database = null!;
    private FakeGitLab _fake = null!;
    private readonly List<ServiceProvider> _nodes = [];

    [SetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _fake = new FakeGitLab();
        await _fake.StartAsync();
        _fake.AddProject(Project);
        _fake.AddUser("audit-bot");
        _fake.AddMember(Project, "audit-bot", 40);
        _fake.AddToken(Token, "audit-bot");
        var migrating = Node();
        await migrating.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await _fake.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Requests_FromTwoNodes_KeepToOneRequestBudget()
    {
        var (a, b) = (Client(Node("300")), Client(Node("300")));
        var issue = await a.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        _fake.ClearCalls();

        // 300 a minute is one request every 200 ms, for both nodes together: ten reads span at least 1.8 s. Kept by
        // each node alone, they would span 0.8 s.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? a : b).GetIssueAsync(issue.Iid, CancellationToken.None)));

        var times = IssueCalls().Select(c => c.At).Order().ToList();
        Assert.That(times, Has.Count.EqualTo(10));
        Assert.That(times[^1] - times[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1500)), "the nodes share one budget");
    }

    [Test]
    public async Task Notes_FromTwoNodes_KeepToOneNoteBudget()
    {
        var (a, b) = (Client(Node(notesPerMinute: "120")), Client(Node(notesPerMinute: "120")));
        var issue = await a.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        _fake.ClearCalls();

        // 120 a minute is one note every 500 ms for both nodes: four notes span 1.5 s (each node alone: 0.5 s).
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? a : b).CreateNoteAsync(issue.Iid, $"ping {i}", CancellationToken.None)));

        var times = _fake.Calls.Where(c => c.Method == "POST").Select(c => c.At).Order().ToList();
        Assert.That(times, Has.Count.EqualTo(4));
        Assert.That(times[^1] - times[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1200)), "the nodes share one note budget");
    }

    [Test]
    public async Task RetryAfter_WhenGitLabAnswers429_HoldsEveryNodeBackThatLong()
    {
        var (a, b) = (Client(Node()), Client(Node()));
        var issue = await a.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        _fake.ClearCalls();
        _fake.Faults.RateLimitNext(1, TimeSpan.FromSeconds(2));

        var first = a.GetIssueAsync(issue.Iid, CancellationToken.None);
        await Eventually.HoldsAsync(async () => await PausedAsync(TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(20), "node a told every node to wait");
        await Task.WhenAll(first, b.GetIssueAsync(issue.Iid, CancellationToken.None));

        var calls = IssueCalls().OrderBy(c => c.At).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(calls.Select(c => c.StatusCode), Is.EqualTo(new[] { 429, 200, 200 }), "one refusal, then a's retry and b's read");
            Assert.That(calls[1].At - calls[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1900)), "nobody asked again before Retry-After");
        });
    }

    [Test]
    public async Task RateLimitRemainingZero_HoldsEveryNodeBackUntilTheReset()
    {
        var (a, b) = (Client(Node()), Client(Node()));
        var issue = await a.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        _fake.ClearCalls();
        _fake.ExhaustBudgetOnNext(TimeSpan.FromSeconds(2));

        await a.GetIssueAsync(issue.Iid, CancellationToken.None);
        var exhaustedAt = IssueCalls().Single().At;
        await Eventually.HoldsAsync(async () => await PausedAsync(TimeSpan.FromMilliseconds(500)), TimeSpan.FromSeconds(20), "node a told every node to wait");
        // The simulated GitLab refuses with 429 whatever arrives before the reset.
        await Task.WhenAll(a.GetIssueAsync(issue.Iid, CancellationToken.None), b.GetIssueAsync(issue.Iid, CancellationToken.None));

        var calls = IssueCalls().OrderBy(c => c.At).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(calls.Select(c => c.StatusCode), Is.EqualTo(new[] { 200, 200, 200 }), "nothing was sent before the reset");
            Assert.That(calls[1].At - exhaustedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    private async Task<bool> PausedAsync(TimeSpan atLeast) =>
        await _database.ScalarAsync<bool>(
            $"SELECT coalesce((SELECT next_slot > clock_timestamp() + interval '{atLeast.TotalMilliseconds} milliseconds' FROM vendor_request_budgets WHERE name = 'gitlab:requests'), false)");

    private List<Sandbox.Hosting.RecordedCall> IssueCalls() => [.. _fake.Calls.Where(c => c.Method == "GET" && c.PathAndQuery.Contains("/issues/", StringComparison.Ordinal))];

    private static GitLabApi Client(ServiceProvider node) => node.GetRequiredService<GitLabApi>();

    /// <summary>A node: its own container, pacers and HTTP clients, on the shared database.</summary>
    private ServiceProvider Node(string requestsPerMinute = "60000", string notesPerMinute = "60000")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitLab:BaseUrl"] = _fake.BaseUrl,
            ["GitLab:Token"] = Token,
            ["GitLab:AuditProject"] = Project,
            ["GitLab:RequestsPerMinute"] = requestsPerMinute,
            ["GitLab:NotesPerMinute"] = notesPerMinute,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(_ => NpgsqlDataSource.Create(_database.ConnectionString));
        services.AddDbContextFactory<OrchestratorDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddDatabaseMigrations();
        services.Configure<VendorResilienceOptions>(GitLabApi.Vendor, o =>
        {
            o.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxDelay = TimeSpan.FromMilliseconds(5);
        });
        services.AddGitLab(configuration);
        var node = services.BuildServiceProvider();
        _nodes.Add(node);
        return node;
    }
}
