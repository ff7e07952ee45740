using AuditOrchestrator.Api.Settings;

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
}
