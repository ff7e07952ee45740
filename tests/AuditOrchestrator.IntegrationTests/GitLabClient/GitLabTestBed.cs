using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using GitLabApi = AuditOrchestrator.Vendors.GitLab.GitLabClient;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

/// <summary>
/// A simulated GitLab seeded with an audit project and a team-data project, and the real GitLabClient wired to it
/// through AddGitLab (the production registration) with fast retry delays.
/// </summary>
internal sealed class GitLabTestBed : IAsyncDisposable
{
    public const string Token = "glpat-TestNoLeak1";
    public const string AuditProject = "support/audits";
    public const string TeamProject = "support/team-data";
    public const string Bot = "audit-bot";
    public const string Som = "sally";
    public const string Developer = "alice";
    public const string Guest = "gus";

    private GitLabTestBed(FakeGitLab fake, ServiceProvider services)
    {
        Fake = fake;
        Services = services;
        Client = services.GetRequiredService<GitLabApi>();
    }

    public FakeGitLab Fake { get; }

    public ServiceProvider Services { get; }

    public GitLabApi Client { get; }

    public static async Task<GitLabTestBed> StartAsync(int maxRetries = 4, IDictionary<string, string?>? settings = null)
    {
        var fake = new FakeGitLab();
        await fake.StartAsync();
        fake.AddProject(AuditProject);
        fake.AddProject(TeamProject);
        foreach (var (user, level) in new[] { (Bot, 40), (Som, 40), (Developer, 30), (Guest, 10) })
        {
            fake.AddUser(user, name: char.ToUpperInvariant(user[0]) + user[1..]);
            fake.AddMember(AuditProject, user, level);
        }

        fake.AddMember(TeamProject, Bot, 20);
        fake.AddUser("outsider");
        fake.AddToken(Token, Bot);

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["GitLab:BaseUrl"] = fake.BaseUrl,
                ["GitLab:Token"] = Token,
                ["GitLab:AuditProject"] = AuditProject,
                ["GitLab:NotesPerMinute"] = "60000",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.Configure<VendorResilienceOptions>(GitLabApi.Vendor, o =>
        {
            o.MaxRetries = maxRetries;
            o.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxDelay = TimeSpan.FromMilliseconds(5);
        });
        services.AddGitLab(configuration);
        return new GitLabTestBed(fake, services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
