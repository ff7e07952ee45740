using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.GitLab;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Sandbox.DemoTeam;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using GitLabApi = AuditOrchestrator.Vendors.GitLab.GitLabClient;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class SimulatedGitLabTeamSourceTests
{
    private static ServiceProvider Services(IReadOnlyDictionary<string, string?> settings, out IConfiguration configuration)
    {
        configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.Configure<VendorResilienceOptions>(GitLabApi.Vendor, o => o.BaseDelay = TimeSpan.FromMilliseconds(1));
        services.AddGitLab(configuration);
        services.AddGitLabTeamSource();
        return services.BuildServiceProvider();
    }

    [Test]
    public async Task Resolver_WhenSourceIsTheSandboxGitLabFolder_LoadsTheWholeDemoTeam()
    {
        var team = await DemoTeamFiles.LoadAsync();
        var files = await new LocalTeamFiles(DemoTeamFiles.FolderPath).ReadAllAsync(CancellationToken.None);
        await using var gitLab = await SimulatedGitLab.StartAsync(team, files);
        gitLab.Fake.MaxPerPage = 20;
        await using var services = Services(gitLab.Configuration, out var configuration);
        var resolver = new TeamSourceResolver(services.GetServices<TeamSourceFactory>(), configuration, AuditIntegrations.Shipped.All);

        var source = resolver.Resolve();
        var loaded = await resolver.LoadAsync(CancellationToken.None);

        Assert.That(source, Is.TypeOf<GitLabTeamFiles>());
        Assert.That(loaded.Members, Has.Count.EqualTo(team.Members.Count).And.Count.GreaterThanOrEqualTo(60));
        Assert.That(loaded.Members.Select(m => m.Email).Order(), Is.EqualTo(team.Members.Select(m => m.Email).Order()));
    }

    [Test]
    public async Task SandboxGitLab_HasTheHandbookTemplatesAndMembersWithTheirYamlIds()
    {
        var team = await DemoTeamFiles.LoadAsync();
        var someone = team.Members.First(m => m.GitLab?.Username is not null && m.GitLab.Id is not null);
        await using var gitLab = await SimulatedGitLab.StartAsync(team, [], guests: [someone.GitLab!.Username!]);
        await using var services = Services(gitLab.Configuration, out _);
        var client = services.GetRequiredService<GitLabApi>();

        var template = await client.GetIssueTemplateAsync("US Federal Zendesk", CancellationToken.None);
        var user = await client.FindUserAsync(someone.GitLab.Username!, CancellationToken.None);
        var member = await client.GetAuditProjectMemberAsync(user!.Id, CancellationToken.None);

        Assert.That(IssueNotesSection.Read(template), Is.Not.Null);
        Assert.That(user.Id, Is.EqualTo(someone.GitLab.Id));
        Assert.That(member!.CanSeeConfidentialIssues, Is.False, "seeded as a guest");
    }

    [Test]
    public void Resolver_WhenGitLabSourceIsMalformed_ReportsATeamDataError()
    {
        using var services = Services(new Dictionary<string, string?> { ["SupportTeam:Source"] = "gitlab:support-ops/team-data" }, out var configuration);
        var resolver = new TeamSourceResolver(services.GetServices<TeamSourceFactory>(), configuration, AuditIntegrations.Shipped.All);

        var error = Assert.Throws<TeamDataException>(() => resolver.Resolve());

        Assert.That(error!.Message, Does.Contain("no ':' between the project and the path"));
    }
}
