using AuditOrchestrator.Audits.Checks;
using System.Text;
using AuditOrchestrator.Audits.GitLab;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

/// <summary>
/// Team data as people really keep it, in each layout <c>SupportTeam__Source</c> accepts: one support-team.yaml, a
/// local folder of one file per person, and the per-person folder in a GitLab repository (gitlab:&lt;project&gt;:&lt;path&gt;@&lt;ref&gt;).
/// </summary>
public sealed class TeamDataLayoutsTests
{
    public enum Layout
    {
        SingleFile,
        Folder,
        GitLabFolder,
    }

    // The head of the team reports outside it, someone names themselves, and a manager is named in NFD, other case
    // and with spaces; one entry has no name and one reuses a username.
    private static readonly (string File, string Person)[] People =
    [
        ("zoe.yaml", "name: \"Zoë Head\"\nemail: zoe@example.com\nreports_to: \"Chief Customer Officer\"\ngitlab: {username: zhead}\n"),
        ("sam.yaml", "name: Sam Self\nemail: sam@example.com\nreports_to: \"  SAM self \"\ngitlab: {username: sself}\n"),
        ("ann.yaml", $"name: Ann\nemail: ann@example.com\nreports_to: \" {"zoË head".Normalize(NormalizationForm.FormD)} \"\ngitlab: {{username: ann}}\n"),
        ("nameless.yaml", "email: nobody@example.com\n"),
        ("zz-annie.yaml", "name: Annie\nemail: annie@example.com\ngitlab:\n  username: ANN\n"),
    ];

    [TestCase(Layout.SingleFile)]
    [TestCase(Layout.Folder)]
    [TestCase(Layout.GitLabFolder)]
    public async Task Load_OfRealisticTeamData_LoadsEveryUsablePersonWithOneWarningEach(Layout layout)
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var (source, files) = await WriteAsync(layout, bed, withBrokenFile: false);

        var team = await SupportTeamLoader.LoadAsync(source, AuditIntegrations.Shipped.TeamFields, CancellationToken.None);

        var zoe = team.ByGitLabUsername("zhead")!;
        var sam = team.ByGitLabUsername("sself")!;
        Assert.That(team.Members.Select(m => m.Name), Is.EquivalentTo(new[] { "Zoë Head", "Sam Self", "Ann" }));
        Assert.That(team.ManagerOf(team.ByGitLabUsername("ann")!), Is.SameAs(zoe), "NFD, case and spaces aside");
        Assert.That(team.ManagerOf(zoe), Is.Null);
        Assert.That(team.ManagerOf(sam), Is.Null);
        Assert.That(team.Warnings, Is.EquivalentTo(new[]
        {
            $"{At(files, "Chief Customer Officer")}: field 'reports_to': 'Chief Customer Officer' names nobody in the team data; Zoë Head has no manager in the data, so their manager step is skipped",
            $"{At(files, "SAM self")}: field 'reports_to': '  SAM self ' is the person themselves; Sam Self has no manager in the data, so their manager step is skipped",
        }));
        Assert.That(team.Errors, Is.EquivalentTo(new[]
        {
            $"{At(files, "nobody@example.com")}: field 'name': missing: every person needs a name; this person is left out",
            $"{At(files, "username: ANN")}: field 'gitlab.username': 'ANN' is also used by Ann ({At(files, "name: Ann\n")}); Annie is left out",
        }));
    }

    [TestCase(Layout.Folder)]
    [TestCase(Layout.GitLabFolder)]
    public async Task Load_WhenOneFileIsNotYaml_LoadsTheOtherFilesAndNamesTheBrokenOne(Layout layout)
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var (source, _) = await WriteAsync(layout, bed, withBrokenFile: true);

        var team = await SupportTeamLoader.LoadAsync(source, AuditIntegrations.Shipped.TeamFields, CancellationToken.None);

        Assert.That(team.Members.Select(m => m.Name), Is.EquivalentTo(new[] { "Zoë Head", "Sam Self", "Ann" }));
        Assert.That(team.Errors, Has.One.Matches<string>(e => e.Contains("broken.yaml:", StringComparison.Ordinal) && e.Contains(": invalid YAML: ", StringComparison.Ordinal)));
    }

    /// <summary>"file:line" of the first line holding the text, in whichever file holds it.</summary>
    private static string At(IReadOnlyList<TeamFile> files, string text)
    {
        var file = files.First(f => f.Content.Contains(text, StringComparison.Ordinal));
        var line = file.Content[..file.Content.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        return $"{file.Path}:{line}";
    }

    private static async Task<(ITeamFileSource Source, IReadOnlyList<TeamFile> Files)> WriteAsync(Layout layout, GitLabTestBed bed, bool withBrokenFile)
    {
        var people = withBrokenFile ? [.. People, ("broken.yaml", "name: Broken\nemail: b@example.com\ntitle: [unclosed\n")] : People;
        switch (layout)
        {
            case Layout.SingleFile:
            {
                var path = Path.Combine(Directory.CreateTempSubdirectory("team-").FullName, "support-team.yaml");
                var text = string.Concat(people.Select(p => "- " + p.Person.Replace("\n", "\n  ", StringComparison.Ordinal).TrimEnd() + "\n"));
                await File.WriteAllTextAsync(path, text);
                return (new LocalTeamFiles(path), [new TeamFile(path, text)]);
            }

            case Layout.Folder:
            {
                var folder = Directory.CreateTempSubdirectory("team-").FullName;
                var files = new List<TeamFile>();
                foreach (var (name, person) in people)
                {
                    var path = Path.Combine(folder, name);
                    await File.WriteAllTextAsync(path, person);
                    files.Add(new TeamFile(path, person));
                }

                return (new LocalTeamFiles(folder), files);
            }

            default:
            {
                var files = people.Select(p => new TeamFile($"data/team/{p.File}", p.Person)).ToList();
                foreach (var file in files)
                {
                    bed.Fake.PutFile(GitLabTestBed.TeamProject, file.Path, file.Content, "main");
                }

                var source = GitLabTeamFiles.FromSource($"gitlab:{GitLabTestBed.TeamProject}:data/team@main", () => bed.Client)!;
                return (source, files);
            }
        }
    }
}
