using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.GitLab;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using NUnit.Framework;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class GitLabTeamFilesTests
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task ReadAll_WhenFolderHolds60FilesAcrossTreePages_ReadsEveryYamlFile(bool keyset)
    {
        await using var bed = await GitLabTestBed.StartAsync();
        bed.Fake.MaxPerPage = 25;
        bed.Fake.KeysetPagination = keyset;
        for (var i = 1; i <= 60; i++)
        {
            bed.Fake.PutFile(GitLabTestBed.TeamProject, $"data/team/{(i % 2 == 0 ? "emea/" : "")}person{i:D2}.yaml", $"name: Person {i}\n", "release");
        }

        bed.Fake.PutFile(GitLabTestBed.TeamProject, "data/team/README.md", "not yaml", "release");
        bed.Fake.PutFile(GitLabTestBed.TeamProject, "data/other.yaml", "outside the folder", "release");
        bed.Fake.ClearCalls();
        var source = new GitLabTeamFiles(bed.Client, GitLabTeamSource.Parse($"gitlab:{GitLabTestBed.TeamProject}:data/team@release"));

        var files = await source.ReadAllAsync(CancellationToken.None);

        Assert.That(files, Has.Count.EqualTo(60));
        Assert.That(files.Select(f => f.Path), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(files.Single(f => f.Path == "data/team/emea/person42.yaml").Content, Is.EqualTo("name: Person 42\n"));
        var treeCalls = bed.Fake.Calls.Count(c => c.PathAndQuery.Contains("/repository/tree", StringComparison.Ordinal));
        Assert.That(treeCalls, Is.EqualTo(3), "61 blobs and 1 folder over pages of 25");
        Assert.That(bed.Fake.Calls.Any(c => c.PathAndQuery.Contains("page_token=", StringComparison.Ordinal)), Is.EqualTo(keyset));
        Assert.That(source.Description, Is.EqualTo($"gitlab:{GitLabTestBed.TeamProject}:data/team@release"));
    }

    [Test]
    public async Task ReadAll_WhenSourceIsASingleFile_ReadsItFromTheDefaultBranch()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        bed.Fake.PutFile(GitLabTestBed.TeamProject, "data/support-team.yaml", "- name: Alice\n");
        var source = new GitLabTeamFiles(bed.Client, GitLabTeamSource.Parse($"gitlab:{GitLabTestBed.TeamProject}:data/support-team.yaml"));

        var files = await source.ReadAllAsync(CancellationToken.None);

        Assert.That(files.Select(f => (f.Path, f.Content)), Is.EqualTo(new[] { ("data/support-team.yaml", "- name: Alice\n") }));
    }

    [Test]
    public async Task ReadVersioned_PinsTheRefToItsCommit_AndReadsEveryFileAtThatCommit_WhichTheTeamsVersionNames()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        bed.Fake.PutFile(GitLabTestBed.TeamProject, "data/team/alice.yaml", "name: Alice\nemail: alice@example.com\n");
        bed.Fake.PutFile(GitLabTestBed.TeamProject, "data/team/bob.yaml", "name: Bob\nemail: bob@example.com\n");
        var source = new GitLabTeamFiles(bed.Client, GitLabTeamSource.Parse($"gitlab:{GitLabTestBed.TeamProject}:data/team"));
        bed.Fake.ClearCalls();

        var team = await AuditOrchestrator.Audits.SupportTeam.SupportTeamLoader.LoadAsync(source, AuditIntegrations.Shipped.TeamFields, CancellationToken.None);
        var commit = team.Version!.Commit;
        var firstReads = bed.Fake.Calls.Where(c => c.PathAndQuery.Contains("/repository/", StringComparison.Ordinal)).ToList();
        // Someone pushes afterwards: the pinned commit still reads as it was.
        bed.Fake.PutFile(GitLabTestBed.TeamProject, "data/team/bob.yaml", "name: Robert\nemail: bob@example.com\n");
        var again = await AuditOrchestrator.Audits.SupportTeam.SupportTeamLoader.LoadAsync(source, AuditIntegrations.Shipped.TeamFields, CancellationToken.None);
        var atPinned = await bed.Client.GetRawFileAsync(GitLabTestBed.TeamProject, "data/team/bob.yaml", commit, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(commit, Does.Match("^[0-9a-f]{40}$"));
            Assert.That(firstReads[0].PathAndQuery, Does.Contain("/repository/commits/main"));
            Assert.That(firstReads.Skip(1).Select(c => c.PathAndQuery).ToList(), Has.Count.EqualTo(3).And.All.Contains($"ref={commit}"),
                "the tree and both files are read at that commit");
            Assert.That(team.Version.Files.Select(f => f.Path), Is.EqualTo(new[] { "data/team/alice.yaml", "data/team/bob.yaml" }));
            Assert.That(again.Version!.Commit, Is.Not.EqualTo(commit));
            Assert.That(again.Version.Sha256, Is.Not.EqualTo(team.Version.Sha256));
            Assert.That(atPinned, Does.StartWith("name: Bob"));
        });
    }

    [Test]
    public async Task ReadAll_WhenFileIsMissing_FailsWithNotFound()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var source = new GitLabTeamFiles(bed.Client, GitLabTeamSource.Parse($"gitlab:{GitLabTestBed.TeamProject}:data/missing.yaml@main"));

        var error = Assert.ThrowsAsync<VendorApiException>(() => source.ReadAllAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("not found"));
    }
}
