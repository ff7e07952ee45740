using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Api.Settings;

namespace AuditOrchestrator.IntegrationTests.Sources;

/// <summary>GET /api/settings: every documented key, secrets masked, admins only.</summary>
public sealed partial class SettingsApiTests
{
    private const string PlantedToken = "planted-calendly-token-5f1e";
    private const string PlantedSecret = "planted-oauth-secret-77aa";
    private TestDatabase database = null!;
    private ServiceFactory service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        database = await TestDatabase.CreateAsync();
        service = new ServiceFactory(database, new Dictionary<string, string?>
        {
            ["Calendly:Token"] = PlantedToken,
            ["Calendly:BaseUrl"] = "http://127.0.0.1:9/",
            ["GitLab:OAuth:ClientId"] = "client-id-visible",
            ["GitLab:OAuth:ClientSecret"] = PlantedSecret,
            ["SupportOps:Managers:0"] = "msom",
            ["SupportOps:Managers:1"] = "other-som",
            ["Audits:Calendly:Enabled"] = "false",
            ["Workflows:Directory"] = Directory.CreateTempSubdirectory("settings-workflows-").FullName,
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await service.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task Settings_ShowEveryReadmeKey_WithSecretsAsSetAndNeverTheirValues()
    {
        using var admin = service.CreateClient(ServiceFactory.BootstrapToken);

        // The raw body too: no secret may appear anywhere in it, whatever the record reads.
        var body = await admin.GetStringAsync(new Uri("/api/settings", UriKind.Relative));
        var settings = JsonSerializer.Deserialize<List<SettingView>>(body, ApiJson.Options)!.ToDictionary(s => s.Key, s => s.Value);

        Assert.Multiple(() =>
        {
            Assert.That(body, Does.Not.Contain(PlantedToken).And.Not.Contain(PlantedSecret).And.Not.Contain(ServiceFactory.BootstrapToken));
            Assert.That(body, Does.Not.Contain(database.ConnectionString), "the connection string may hold a password");
            Assert.That(settings["Calendly__Token"], Is.EqualTo("(set)"));
            Assert.That(settings["GitLab__OAuth__ClientSecret"], Is.EqualTo("(set)"));
            Assert.That(settings["Auth__BootstrapAdminToken"], Is.EqualTo("(set)"));
            Assert.That(settings["ConnectionStrings__Postgres"], Is.EqualTo("(set)"));
            Assert.That(settings["Slack__Token"], Is.Null, "an unset secret reads as unset");
            Assert.That(settings["GitLab__OAuth__ClientId"], Is.EqualTo("client-id-visible"));
            Assert.That(settings["SupportOps__Managers"], Is.EqualTo("msom, other-som"));
            Assert.That(settings["Audits__Calendly__Enabled"], Is.EqualTo("false"));
            Assert.That(settings.Keys, Is.SupersetOf(ReadmeKeys()), "every key of the README's configuration table");
        });
    }

    [Test]
    public async Task Settings_ForAnOperator_Are403()
    {
        using var admin = service.CreateClient(ServiceFactory.BootstrapToken);
        var secret = (await admin.CreateTokenAsync("settings-operator", "operator")).Secret;
        using var operatorClient = service.CreateClient(secret);

        var response = await operatorClient.GetAsync(new Uri("/api/settings", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    /// <summary>The first cell of each row of the README's configuration table; "__X" continues the row's first key, "&lt;audit&gt;" is each audit.</summary>
    private static IEnumerable<string> ReadmeKeys()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var table = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        foreach (var line in table.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cell = line.Split('|')[1];
            string? first = null;
            foreach (var key in Backticked().Matches(cell).Select(m => m.Groups[1].Value))
            {
                var full = key.StartsWith("__", StringComparison.Ordinal) ? first!.Split("__")[0] + key : key;
                first ??= full;
                if (full.Contains("<audit>", StringComparison.Ordinal))
                {
                    foreach (var audit in new[] { "PagerDuty", "Calendly", "Zendesk", "ZendeskUsFederal" })
                    {
                        yield return full.Replace("<audit>", audit, StringComparison.Ordinal);
                    }
                }
                else
                {
                    yield return full;
                }
            }
        }
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
