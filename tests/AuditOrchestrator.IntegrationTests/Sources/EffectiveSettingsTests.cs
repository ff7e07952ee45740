using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Api.Settings;
using Microsoft.Extensions.Configuration;

namespace AuditOrchestrator.IntegrationTests.Sources;

public sealed class EffectiveSettingsTests
{
    [TestCase("GitLab__Token", true)]
    [TestCase("GitLab__WebhookSecret", true)]
    [TestCase("GitLab__OAuth__ClientSecret", true)]
    [TestCase("Auth__BootstrapAdminToken", true)]
    [TestCase("ConnectionStrings__Postgres", true)]
    [TestCase("Zendesk__UsFederal__Token", true)]
    [TestCase("Auth__DataProtectionKey", true)]
    [TestCase("GitLab__TokenKind", false)]
    [TestCase("Zendesk__Main__Email", false)]
    [TestCase("GitLab__OAuth__ClientId", false)]
    public void IsSecret_WhenTheKeyNamesATokenSecretPasswordKeyOrConnectionString_IsTrue(string key, bool secret) =>
        Assert.That(EffectiveSettings.IsSecret(key), Is.EqualTo(secret));

    private static readonly string[] KeysWithoutDefault =
    [
        "ConnectionStrings__Postgres", "Auth__BootstrapAdminToken", "Auth__DataProtectionKey", "GitLab__Token", "GitLab__WebhookSecret",
        "GitLab__AuditProject", "GitLab__OAuth__ClientId", "GitLab__OAuth__ClientSecret", "SupportTeam__Source", "SupportOps__Managers",
        "PagerDuty__Token", "Calendly__Token", "Zendesk__Main__BaseUrl", "Zendesk__Main__Email", "Zendesk__Main__Token",
        "Zendesk__UsFederal__BaseUrl", "Zendesk__UsFederal__Email", "Zendesk__UsFederal__Token", "Slack__Token",
        "Notifications__SlackChannel", "Notifications__GitLabIssue", "Auth__Roles__Admins", "Auth__Roles__Operators", "Auth__Roles__Viewers",
        "ForwardedHeaders__KnownNetworks", "Clock__Skew", "OTEL_EXPORTER_OTLP_ENDPOINT",
    ];

    [Test]
    public void Read_GivesEveryKeyWithADefaultItsValue_AndOnlyRequiredOrOptionalKeysNone()
    {
        var settings = EffectiveSettings.Read(new ConfigurationBuilder().Build(), ShippedAudits.Catalog);

        Assert.That(settings.Where(s => s.Default is null).Select(s => s.Key), Is.EquivalentTo(KeysWithoutDefault));
        var byKey = settings.ToDictionary(s => s.Key);
        Assert.That(byKey["Alerts__OverdueAfter"].Default, Is.EqualTo("01:00:00"));
        Assert.That(byKey["GitLab__ReconcileInterval"].Default, Is.EqualTo("00:15:00"));
        Assert.That(byKey["Runtime__MaxConcurrency"].Default, Is.EqualTo("16"));
        Assert.That(byKey["Audits__Zendesk__Enabled"].Default, Is.EqualTo("off (no Zendesk__Main__Token: manual runs only)"));
        Assert.That(byKey["Audits__Calendly__Quarters"].Default, Is.EqualTo("1, 3 (as Schedule__Quarters)"));
    }

    [Test]
    public void Read_WorksOutDefaultsThatDependOnOtherKeys_FromTheConfigurationAsItIs()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Zendesk:Main:Token"] = "zd-secret", ["PagerDuty:Token"] = "pd-secret", ["Schedule:Quarters:0"] = "2", ["Schedule:Quarters:1"] = "4",
        }).Build();

        var byKey = EffectiveSettings.Read(configuration, ShippedAudits.Catalog).ToDictionary(s => s.Key);

        Assert.That(byKey["Audits__Zendesk__Enabled"].Default, Is.EqualTo("on (Zendesk__Main__Token is set)"));
        Assert.That(byKey["PagerDutyAuditLogs__Enabled"].Default, Is.EqualTo("on (the PagerDuty token is set)"));
        Assert.That(byKey["Audits__PagerDuty__Quarters"].Default, Is.EqualTo("2, 4 (as Schedule__Quarters)"));
        Assert.That(byKey.Values.Select(s => s.Default).OfType<string>(), Has.None.Contains("secret"));
    }
}
