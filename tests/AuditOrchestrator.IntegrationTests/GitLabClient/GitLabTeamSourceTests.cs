using AuditOrchestrator.Audits.GitLab;
using AuditOrchestrator.Vendors.GitLab;
using NUnit.Framework;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class GitLabTeamSourceTests
{
    [Test]
    public void Parse_WhenFolderWithRef_ReadsProjectPathAndRef()
    {
        var source = GitLabTeamSource.Parse("gitlab:gitlab-com/support/team:data/team@main");

        Assert.That(source, Is.EqualTo(new GitLabTeamSource("gitlab-com/support/team", "data/team", "main")));
        Assert.That(source.IsSingleFile, Is.False);
    }

    [Test]
    public void Parse_WhenSingleYamlFileWithoutRef_UsesTheDefaultBranch()
    {
        var source = GitLabTeamSource.Parse("gitlab:1234:data/support-team.yaml");

        Assert.That(source, Is.EqualTo(new GitLabTeamSource("1234", "data/support-team.yaml", null)));
        Assert.That(source.IsSingleFile, Is.True);
    }

    [TestCase("", "is empty")]
    [TestCase("data/team", "does not start with 'gitlab:'")]
    [TestCase("gitlab:group/project", "no ':' between the project and the path")]
    [TestCase("gitlab::data/team@main", "names no project")]
    [TestCase("gitlab:group/project:@main", "names no file or folder")]
    [TestCase("gitlab:group/project:data/team@", "names no branch")]
    [TestCase("gitlab:group/project:data/../secrets@main", "plain repository path")]
    public void Parse_WhenMalformed_ThrowsAClearError(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => GitLabTeamSource.Parse(text));

        Assert.That(error!.Message, Does.Contain(expected).And.Contain("SupportTeam__Source"));
    }
}
