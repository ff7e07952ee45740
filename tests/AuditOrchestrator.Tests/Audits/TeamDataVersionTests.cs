using System.Security.Cryptography;
using System.Text;
using AuditOrchestrator.Audits.SupportTeam;

namespace AuditOrchestrator.Tests.Audits;

public sealed class TeamDataVersionTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string OtherSha = "89abcdef0123456789abcdef0123456789abcdef";

    [Test]
    public void Of_HashesEachFile_AndTheSha256sumListingInPathOrder()
    {
        var version = TeamDataVersion.Of("data/team", null, [new TeamFile("b.yaml", "name: B\n"), new TeamFile("a.yaml", "name: A\n")]);

        var a = Hex("name: A\n");
        var b = Hex("name: B\n");
        Assert.That(version.Files.Select(f => (f.Path, f.Sha256)), Is.EqualTo(new[] { ("a.yaml", a), ("b.yaml", b) }));
        Assert.That(version.Sha256, Is.EqualTo(Hex($"{a}  a.yaml\n{b}  b.yaml\n")));
    }

    [Test]
    public void Of_WhenOneByteOfOneFileChanges_GivesAnotherVersion() =>
        Assert.That(TeamDataVersion.Of("t", null, [new TeamFile("a.yaml", "name: A\n")]).Sha256,
            Is.Not.EqualTo(TeamDataVersion.Of("t", null, [new TeamFile("a.yaml", "name: a\n")]).Sha256));

    [Test]
    public void HeadCommit_FollowsABranchRef_ThenPackedRefs_AndADetachedHead()
    {
        var repo = Directory.CreateTempSubdirectory("checkout-").FullName;
        try
        {
            var git = Directory.CreateDirectory(Path.Combine(repo, ".git")).FullName;
            var team = Directory.CreateDirectory(Path.Combine(repo, "data", "team")).FullName;
            File.WriteAllText(Path.Combine(team, "alice.yaml"), "name: Alice\n");
            File.WriteAllText(Path.Combine(git, "HEAD"), "ref: refs/heads/main\n");
            File.WriteAllText(Path.Combine(git, "packed-refs"), $"# pack-refs with: peeled fully-peeled sorted\n{OtherSha} refs/heads/main\n");
            Assert.That(GitCheckout.HeadCommit(Path.Combine(team, "alice.yaml")), Is.EqualTo(OtherSha), "from packed-refs");

            Directory.CreateDirectory(Path.Combine(git, "refs", "heads"));
            File.WriteAllText(Path.Combine(git, "refs", "heads", "main"), Sha + "\n");
            Assert.That(GitCheckout.HeadCommit(team), Is.EqualTo(Sha), "a loose ref wins over packed-refs");

            File.WriteAllText(Path.Combine(git, "HEAD"), OtherSha + "\n");
            Assert.That(GitCheckout.HeadCommit(team), Is.EqualTo(OtherSha), "detached");
        }
        finally
        {
            Directory.Delete(repo, recursive: true);
        }
    }

    [Test]
    public void HeadCommit_OfALinkedWorktree_ReadsItsOwnHeadAndTheMainRepositorysRefs()
    {
        var root = Directory.CreateTempSubdirectory("worktree-").FullName;
        try
        {
            var common = Directory.CreateDirectory(Path.Combine(root, "main", ".git")).FullName;
            var linked = Directory.CreateDirectory(Path.Combine(common, "worktrees", "wt")).FullName;
            var tree = Directory.CreateDirectory(Path.Combine(root, "wt")).FullName;
            File.WriteAllText(Path.Combine(tree, ".git"), $"gitdir: {linked}\n");
            File.WriteAllText(Path.Combine(linked, "HEAD"), "ref: refs/heads/feature\n");
            File.WriteAllText(Path.Combine(linked, "commondir"), "../..\n");
            Directory.CreateDirectory(Path.Combine(common, "refs", "heads"));
            File.WriteAllText(Path.Combine(common, "refs", "heads", "feature"), Sha + "\n");

            Assert.That(GitCheckout.HeadCommit(tree), Is.EqualTo(Sha));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
