using AuditOrchestrator.Integrations.SupportTeam;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Audits;

public sealed class SupportTeamLoaderTests
{
    private static TeamDataException LoadFails(params TeamFile[] files) =>
        Assert.Throws<TeamDataException>(() => SupportTeamLoader.Parse("data/team", files))!;

    [Test]
    public void Load_WhenFieldHasWrongType_NamesFileLineAndField()
    {
        var error = LoadFails(new TeamFile("data/team/jdoe.yaml", "name: Jane Doe\ntitle: Support Engineer\nregion: EMEA\nemail:\n  work: jdoe@example.com\n"));

        Assert.That(error.Errors, Is.EqualTo(new[] { "data/team/jdoe.yaml:5: field 'email': expected a string" }));
    }

    [Test]
    public void Load_WhenNestedFieldHasWrongType_NamesTheDottedField()
    {
        var error = LoadFails(new TeamFile("t.yaml",
            "- name: Ann\n  email: ann@example.com\n  zendesk:\n    main:\n      id: abc\n      groups: Support\n"));

        Assert.That(error.Errors, Is.EqualTo(new[]
        {
            "t.yaml:5: field 'zendesk.main.id': expected an integer, found 'abc'",
            "t.yaml:6: field 'zendesk.main.groups': expected a list of strings",
        }));
    }

    [Test]
    public void Load_WhenYamlIsNotWellFormed_NamesFileAndLine()
    {
        var error = LoadFails(new TeamFile("t.yaml", "- name: Ann\n  email: ann@example.com\n  title: [unclosed\n"));

        Assert.That(error.Errors.Single(), Does.StartWith("t.yaml:").And.Contains("invalid YAML"));
    }

    [Test]
    public void Load_WhenPersonHasNoName_ReportsIt()
    {
        var error = LoadFails(new TeamFile("t.yaml", "- email: ann@example.com\n"));

        Assert.That(error.Errors, Is.EqualTo(new[] { "t.yaml:1: field 'name': missing: every person needs a name" }));
    }

    [Test]
    public void Load_WhenManagerIsUnknown_ReportsItAndListsEveryError()
    {
        var error = LoadFails(
            new TeamFile("a.yaml", "name: Ann\nemail: ann@example.com\nreports_to: Nobody Here\n"),
            new TeamFile("b.yaml", "name: Bob\nemail: [bob]\n"));

        Assert.That(error.Errors, Has.Count.EqualTo(2));
        Assert.That(error.Errors, Has.Some.EqualTo("a.yaml:3: field 'reports_to': 'Nobody Here': no person with that name"));
        Assert.That(error.Message, Does.Contain("a.yaml").And.Contain("b.yaml"));
    }

    [Test]
    public void Load_WhenGitLabUsernameIsDuplicated_ReportsTheSecondEntry()
    {
        var error = LoadFails(new TeamFile("t.yaml",
            "- name: Ann\n  email: ann@example.com\n  gitlab: {username: ann}\n- name: Annie\n  email: annie@example.com\n  gitlab: {username: ANN}\n"));

        Assert.That(error.Errors.Single(), Does.StartWith("t.yaml:6: field 'gitlab.username': 'ann' is also used by Ann"));
    }

    [Test]
    public void Load_OfValidTeam_ResolvesManagersByNameAndLooksUpCaseInsensitively()
    {
        var team = Teams.From("""
            - name: "Zoë Müller"
              email: zoe@example.com
              gitlab: {id: 1, username: zmuller}
              unknown_field: ignored
            - name: Ann
              email: Ann@Example.com
              reports_to: "  zoë müller "
              gitlab: {id: 2, username: ann}
              pagerduty: {id: P1, rotations: [S1, S2]}
            """);

        var ann = team.ByEmail("ann@example.COM")!;
        Assert.That(ann, Is.SameAs(team.ByGitLabUsername("@ANN")));
        Assert.That(team.ManagerOf(ann)!.Name, Is.EqualTo("Zoë Müller"));
        Assert.That(team.ManagerOf(team.ByGitLabUsername("zmuller")!), Is.Null);
        Assert.That(ann.PagerDuty!.Rotations, Is.EqualTo(new[] { "S1", "S2" }));
    }

    [Test]
    public void Load_WhenManagerNameIsInNfd_ResolvesTheNfcEntry()
    {
        var nfd = "Zoë".Normalize(System.Text.NormalizationForm.FormD);
        var team = Teams.From($"- name: Zoë\n  email: z@example.com\n- name: Al\n  email: al@example.com\n  reports_to: {nfd}\n");

        Assert.That(team.ManagerOf(team.ByEmail("al@example.com")!)!.Email, Is.EqualTo("z@example.com"));
    }
}
