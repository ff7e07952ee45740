using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Sandbox.DemoTeam;
using Microsoft.Extensions.Configuration;
using NUnit.Framework;

namespace AuditOrchestrator.IntegrationTests.Vendors;

public sealed class TeamSourceTests
{
    private sealed class InMemoryFiles(string description, params TeamFile[] files) : ITeamFileSource
    {
        public string Description => description;

        public Task<IReadOnlyList<TeamFile>> ReadAllAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<TeamFile>>(files);
    }

    private static TeamSourceResolver Resolver(string source, params TeamSourceFactory[] factories) =>
        new(factories, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SupportTeam:Source"] = source }).Build(), AuditIntegrations.Shipped.All);

    [Test]
    public void Resolve_OfLocalFolder_GivesLocalFiles()
    {
        Assert.That(Resolver(DemoTeamFiles.FolderPath).Resolve(), Is.TypeOf<LocalTeamFiles>());
    }

    [Test]
    public async Task Resolve_OfGitLabSourceWithARegisteredFactory_UsesThatFactory()
    {
        var gitlab = new InMemoryFiles("gitlab:support/team:data@main", new TeamFile("data/ann.yaml", "name: Ann\nemail: ann@example.com\n"));
        var resolver = Resolver("gitlab:support/team:data@main", s => s.StartsWith("gitlab:", StringComparison.Ordinal) ? gitlab : null);

        var team = await resolver.LoadAsync(CancellationToken.None);

        Assert.That(team.Members.Single().Origin, Is.EqualTo("data/ann.yaml:1"));
    }

    [Test]
    public void Resolve_OfGitLabSourceWithoutTheIntegration_IsAClearTeamDataError()
    {
        Assert.That(() => Resolver("gitlab:support/team:data@main").Resolve(),
            Throws.TypeOf<TeamDataException>().With.Message.Contains("need the GitLab integration"));
    }

    [Test]
    public void Load_OfMissingPath_IsAClearTeamDataError()
    {
        Assert.That(() => Resolver("/nonexistent/team.yaml").LoadAsync(CancellationToken.None),
            Throws.TypeOf<TeamDataException>().With.Message.Contains("/nonexistent/team.yaml: no such file or folder"));
    }
}
