using AuditOrchestrator.Api.Ui;
using AuditOrchestrator.Engine.Security;
using Microsoft.Extensions.Configuration;

namespace AuditOrchestrator.IntegrationTests.Ui;

public sealed class RoleMappingTests
{
    private static RoleMapping Mapping(params (string Key, string Value)[] settings) =>
        RoleMapping.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Test]
    public void Resolve_WhenTheUsernameIsListed_GivesThatRole_IgnoringCaseAndAt()
    {
        var mapping = Mapping(("Auth:Roles:Operators:0", "@Alice"));

        Assert.That(mapping.Resolve("alice", []), Is.EqualTo(Role.Operator));
    }

    [Test]
    public void Resolve_WhenAGroupOfTheUserIsListed_GivesThatRole()
    {
        var mapping = Mapping(("Auth:Roles:Viewers", "group:gitlab-com/support/readiness"));

        Assert.That(mapping.Resolve("bob", ["gitlab-com", "gitlab-com/support/readiness"]), Is.EqualTo(Role.Viewer));
        Assert.That(mapping.Resolve("carol", ["gitlab-com/support"]), Is.Null, "a parent group is not the listed subgroup");
    }

    [Test]
    public void Resolve_WhenTheUserIsInSeveralLists_TheHighestRoleWins()
    {
        var mapping = Mapping(("Auth:Roles:Viewers", "group:support"), ("Auth:Roles:Admins", "dana, erin"));

        Assert.That(mapping.Resolve("erin", ["support"]), Is.EqualTo(Role.Admin));
    }

    [Test]
    public void Resolve_WhenTheUserIsInNoList_GivesNoRole()
    {
        var mapping = Mapping(("Auth:Roles:Admins:0", "alice"), ("Auth:Roles:Operators:0", "group:ops"));

        Assert.That(mapping.Resolve("mallory", ["dev"]), Is.Null);
    }
}
