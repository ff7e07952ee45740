using AuditOrchestrator.Audits.PagerDuty;
using AuditOrchestrator.Audits.Zendesk;
using AuditOrchestrator.Vendors.Zendesk;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Audits;

public sealed class SupportTeamLoaderTests
{
    private static SupportTeam Load(params TeamFile[] files) => SupportTeamLoader.Parse("data/team", files, AuditIntegrations.Shipped.TeamFields);

    private const string Ann = "name: Ann\nemail: ann@example.com\n";

    [Test]
    public void Load_WhenFieldHasWrongType_LoadsThePersonAndWarnsWithFileLineAndField()
    {
        var team = Load(new TeamFile("data/team/jdoe.yaml", "name: Jane Doe\nemail: jdoe@example.com\ntitle:\n  work: Engineer\n"));

        Assert.That(team.Members.Single().Title, Is.Null);
        Assert.That(team.Errors, Is.Empty);
        Assert.That(team.Warnings, Is.EqualTo(new[] { "data/team/jdoe.yaml:4: field 'title': expected a string; the field is ignored" }));
    }

    [Test]
    public void Load_WhenNestedFieldHasWrongType_WarnsWithTheDottedField()
    {
        var team = Load(new TeamFile("t.yaml",
            "- name: Ann\n  email: ann@example.com\n  zendesk:\n    main:\n      id: abc\n      groups: Support\n"));

        Assert.That(team.Members.Single().Zendesk(ZendeskInstance.Main)!.Id, Is.Null);
        Assert.That(team.Warnings, Is.EqualTo(new[]
        {
            "t.yaml:5: field 'zendesk.main.id': expected an integer, found 'abc'; the field is ignored",
            "t.yaml:6: field 'zendesk.main.groups': expected a list of strings; the field is ignored",
        }));
    }

    [Test]
    public void Load_WhenOneFileIsNotWellFormedYaml_LoadsTheOtherFilesAndNamesFileAndLine()
    {
        var team = Load(new TeamFile("ann.yaml", Ann), new TeamFile("bob.yaml", "name: Bob\nemail: bob@example.com\ntitle: [unclosed\n"));

        Assert.That(team.Members.Select(m => m.Name), Is.EqualTo(new[] { "Ann" }));
        Assert.That(team.Errors.Single(), Does.StartWith("bob.yaml:").And.Contains("invalid YAML").And.EndsWith("the people of this file are left out"));
    }

    [Test]
    public void Load_WhenTheOnlyFileIsNotWellFormedYaml_FailsNamingFileAndLine()
    {
        var error = Assert.Throws<TeamDataException>(() => Load(new TeamFile("t.yaml", "- name: Ann\n  email: ann@example.com\n  title: [unclosed\n")))!;

        Assert.That(error.Errors.Single(), Does.StartWith("t.yaml:").And.Contains("invalid YAML"));
    }

    [Test]
    public void Load_WhenPersonHasNoName_LeavesThemOutAndLoadsTheOthers()
    {
        var team = Load(new TeamFile("t.yaml", "- email: nameless@example.com\n- name: Ann\n  email: ann@example.com\n"));

        Assert.That(team.Members.Select(m => m.Name), Is.EqualTo(new[] { "Ann" }));
        Assert.That(team.Errors, Is.EqualTo(new[] { "t.yaml:1: field 'name': missing: every person needs a name; this person is left out" }));
    }

    [Test]
    public void Load_WhenEmailIsNotText_LeavesThePersonOutNamingTheField()
    {
        var team = Load(new TeamFile("a.yaml", Ann), new TeamFile("b.yaml", "name: Bob\nemail: [bob]\n"));

        Assert.That(team.Members.Select(m => m.Name), Is.EqualTo(new[] { "Ann" }));
        Assert.That(team.Errors, Is.EqualTo(new[] { "b.yaml:2: field 'email': expected a string; this person is left out" }));
    }

    [Test]
    public void Load_WhenGitLabUsernameIsDuplicated_KeepsTheFirstAndNamesTheSecondEntry()
    {
        var team = Load(new TeamFile("t.yaml",
            "- name: Ann\n  email: ann@example.com\n  gitlab: {username: ann}\n- name: Annie\n  email: annie@example.com\n  gitlab: {username: ANN}\n"));

        Assert.That(team.Members.Select(m => m.Name), Is.EqualTo(new[] { "Ann" }));
        Assert.That(team.Errors.Single(), Does.StartWith("t.yaml:6: field 'gitlab.username': 'ANN' is also used by Ann (t.yaml:1)").And.EndWith("Annie is left out"));
    }

    [Test]
    public void Load_WhenManagerIsOutsideTheTeam_LoadsWithOneWarningAndNoManager()
    {
        var team = Load(new TeamFile("head.yaml", "name: Ann\nemail: ann@example.com\nreports_to: Chief Customer Officer\n"),
            new TeamFile("bob.yaml", "name: Bob\nemail: bob@example.com\nreports_to: ann\n"));

        var ann = team.ByEmail("ann@example.com")!;
        Assert.That(team.ManagerOf(ann), Is.Null);
        Assert.That(team.ManagerOf(team.ByEmail("bob@example.com")!), Is.SameAs(ann));
        Assert.That(team.Errors, Is.Empty);
        Assert.That(team.Warnings, Is.EqualTo(new[]
        {
            "head.yaml:3: field 'reports_to': 'Chief Customer Officer' names nobody in the team data; Ann has no manager in the data, so their manager step is skipped",
        }));
        Assert.That(team.NoManagerBecause(ann), Is.EqualTo("their reports_to 'Chief Customer Officer' names nobody in the team data (head.yaml:3)"));
    }

    [Test]
    public void Load_WhenPersonReportsToThemselves_LoadsWithOneWarningAndNoManager()
    {
        var team = Load(new TeamFile("t.yaml", "- name: Ann Lee\n  email: ann@example.com\n  reports_to: ' ann lee'\n"));

        var ann = team.Members.Single();
        Assert.That(team.ManagerOf(ann), Is.Null);
        Assert.That(team.Warnings.Single(), Does.StartWith("t.yaml:3: field 'reports_to': ' ann lee' is the person themselves"));
        Assert.That(team.NoManagerBecause(ann), Does.Contain("is the person themselves (t.yaml:3)"));
    }

    [Test]
    public void Load_WhenNobodyIsUsable_Fails()
    {
        var error = Assert.Throws<TeamDataException>(() => Load(new TeamFile("t.yaml", "- email: a@example.com\n")))!;

        Assert.That(error.Errors.Single(), Does.StartWith("t.yaml:1: field 'name'"));
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
        Assert.That(ann.PagerDuty()!.Rotations, Is.EqualTo(new[] { "S1", "S2" }));
        Assert.That(team.Warnings, Is.Empty);
        Assert.That(team.NoManagerBecause(team.ByGitLabUsername("zmuller")!), Does.Contain("no reports_to"));
    }

    [Test]
    public void Load_WhenManagerNameIsInNfd_ResolvesTheNfcEntry()
    {
        var nfd = "Zoë".Normalize(System.Text.NormalizationForm.FormD);
        var team = Teams.From($"- name: Zoë\n  email: z@example.com\n- name: Al\n  email: al@example.com\n  reports_to: {nfd}\n");

        Assert.That(team.ManagerOf(team.ByEmail("al@example.com")!)!.Email, Is.EqualTo("z@example.com"));
    }
}
