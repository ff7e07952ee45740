using System.Text.Json;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Webhooks;

/// <summary>An audit issue created by the service, owned by a run, with one item thread the service started.</summary>
internal sealed record OwnedIssue(long ProjectId, long Iid, string ThreadId, long FirstNoteId)
{
    public string ThreadKey => $"gitlab-thread:{ProjectId}:{Iid}:{ThreadId}";
}

/// <summary>
/// The real service on Kestrel (127.0.0.1, a free port) with its own database, and the simulated GitLab sending it real
/// webhooks. The service's GitLab user is <see cref="Bot"/>; people act through <see cref="GitLab"/>.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    public const string Secret = "webhook-secret-for-tests";
    public const string Token = "glpat-HookNoLeak1";
    public const string AuditProject = "support/audits";
    public const string Bot = "audit-bot";
    public const string Som = "sally";
    public const string Alice = "alice";

    private WebhookHost(TestDatabase database, FakeGitLab gitLab, ServiceFactory service, Uri baseAddress, long projectId,
        IDictionary<string, string?> settings)
    {
        this.settings = settings;
        Database = database;
        GitLab = gitLab;
        Service = service;
        ProjectId = projectId;
        Http = new HttpClient { BaseAddress = baseAddress };
        Admin = service.Api();
    }

    private readonly IDictionary<string, string?> settings;
    private readonly List<ServiceFactory> otherNodes = [];

    public TestDatabase Database { get; }
    public FakeGitLab GitLab { get; }
    public ServiceFactory Service { get; }
    public long ProjectId { get; }
    public HttpClient Http { get; }
    public HttpClient Admin { get; }
    public Uri WebhookUrl => new(Http.BaseAddress!, "/webhooks/gitlab");

    public static string Workflows => Path.Combine(RepositoryPaths.Root, "tests", "AuditOrchestrator.IntegrationTests", "Webhooks", "Workflows");

    public static async Task<WebhookHost> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var gitLab = new FakeGitLab();
        await gitLab.StartAsync();
        var project = gitLab.AddProject(AuditProject);
        foreach (var (user, level) in new[] { (Bot, 40), (Som, 40), (Alice, 30), ("bob", 30) })
        {
            gitLab.AddUser(user);
            gitLab.AddMember(AuditProject, user, level);
        }

        gitLab.AddToken(Token, Bot);
        var settings = new Dictionary<string, string?>
        {
            ["Workflows:Directory"] = Workflows,
            ["GitLab:BaseUrl"] = gitLab.BaseUrl,
            ["GitLab:Token"] = Token,
            ["GitLab:AuditProject"] = AuditProject,
            ["GitLab:WebhookSecret"] = Secret,
            ["GitLab:ServiceUsername"] = Bot,
            ["GitLab:NotesPerMinute"] = "60000",
            ["GitLab:ReconcileInterval"] = "00:00:00",
            ["Webhooks:PollInterval"] = "00:00:01",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var database = await TestDatabase.CreateAsync();
        var (service, address) = StartNode(database, settings);
        var host = new WebhookHost(database, gitLab, service, address, project.Id, settings);
        gitLab.Webhooks.Configure(host.WebhookUrl, Secret);
        await ServiceFactory.ReadyAsync(host.Http, TimeSpan.FromSeconds(30));
        return host;
    }

    /// <summary>A node of the service with quick GitLab retries, so a failing GitLab is seen in seconds.</summary>
    private static (ServiceFactory Service, Uri Address) StartNode(TestDatabase database, IDictionary<string, string?> settings)
    {
        var service = ServiceFactory.StartOnKestrel(database, settings, testDefaults: false, testServices: services =>
            services.Configure<VendorResilienceOptions>(AuditOrchestrator.Vendors.GitLab.GitLabClient.Vendor, o =>
            {
                o.MaxRetries = 1;
                o.BaseDelay = TimeSpan.FromMilliseconds(10);
                o.MaxDelay = TimeSpan.FromMilliseconds(20);
            }));
        return (service, service.BaseAddress);
    }

    /// <summary>A second node of the service on the same database and GitLab; answers the address it listens on.</summary>
    public async Task<Uri> StartAnotherNodeAsync()
    {
        var (service, address) = StartNode(Database, settings);
        otherNodes.Add(service);
        using var http = new HttpClient { BaseAddress = address };
        await ServiceFactory.ReadyAsync(http, TimeSpan.FromSeconds(30), "the second node is ready");
        return address;
    }

    /// <summary>The service creates a confidential audit issue and an item thread pinging alice; a run owns the issue.</summary>
    /// <param name="run">The owning run (a root instance), else an id standing for one.</param>
    public async Task<OwnedIssue> CreateOwnedIssueAsync(Guid? run = null)
    {
        using var scope = Service.Services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<AuditOrchestrator.Vendors.GitLab.GitLabClient>();
        var issue = await client.CreateIssueAsync(new NewIssue("PagerDuty audit", "## Notes\n", Confidential: true), CancellationToken.None);
        var thread = await client.CreateDiscussionAsync(issue.Iid,
            IdempotencyMarker.Embed($"@{Alice} please fix or explain your findings", $"run:{issue.Iid}:ping-1"), CancellationToken.None);
        await OwnAsync(issue.ProjectId, issue.Iid, run);
        return new OwnedIssue(issue.ProjectId, issue.Iid, thread.Id, thread.Notes[0].Id);
    }

    public async Task OwnAsync(long projectId, long iid, Guid? run = null)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO audit_issues (project_id, issue_iid, run_id, web_url, created_at) VALUES ($1, $2, $3, $4, now())", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = projectId });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)iid });
        command.Parameters.Add(new NpgsqlParameter { Value = run ?? Guid.NewGuid() });
        command.Parameters.Add(new NpgsqlParameter { Value = $"{GitLab.BaseUrl}/{AuditProject}/-/issues/{iid}" });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A root instance that stays waiting (on a key nobody signals) to own issues the reconciliation must read: it reads
    /// only the issues of runs that have not ended.
    /// </summary>
    public async Task<Guid> StartLiveRunAsync()
    {
        var run = await StartWaitingAsync("wait-issue-closed", $"live-run:{Guid.NewGuid():N}");
        await WaitForStepAsync(run, "closed");
        return run;
    }

    public Task<Guid> StartWaitingAsync(string definition, string correlationKey) =>
        Admin.StartInstanceAsync(definition, correlationKey: correlationKey);

    public async Task WaitForStepAsync(Guid instance, string step, string status = "waiting")
    {
        await Eventually.HoldsAsync(async () =>
        {
            var detail = (await Admin.InstanceAsync(instance)).Instance;
            return detail.Status == status && (status == "completed" || detail.CurrentStep == step);
        }, TimeSpan.FromSeconds(20), $"instance {instance} is {status} at {step}");
    }

    public async Task<InstanceDetail> InstanceAsync(Guid instance) => await Admin.InstanceAsync(instance);

    /// <summary>How many times a signal resumed the instance (journal entries "signal-received").</summary>
    public async Task<int> ResumesAsync(Guid instance) =>
        (await Admin.InstanceAsync(instance)).JournalCount("signal-received");

    public Task<long> CountAsync(string table) => Database.ScalarAsync<long>($"SELECT count(*) FROM {table}");

    public GitLabReconciliation Reconciliation()
    {
        var scope = Service.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<GitLabReconciliation>();
    }

    /// <summary>Every delivery the simulated GitLab made so far has been stored and processed by the service.</summary>
    public async Task SettledAsync()
    {
        await Eventually.HoldsAsync(async () => await CountAsync("webhook_deliveries WHERE processed_at IS NULL") == 0,
            TimeSpan.FromSeconds(20), "every stored delivery is processed");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        await GitLab.DisposeAsync();
        foreach (var node in otherNodes)
        {
            await node.DisposeAsync();
        }
        await Service.DisposeAsync();
        await Database.DisposeAsync();
    }
}
