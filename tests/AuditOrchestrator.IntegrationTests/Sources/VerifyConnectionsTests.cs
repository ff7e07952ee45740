using AuditOrchestrator.Audits.Checks;
using System.Net;
using System.Text.Json;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using AuditOrchestrator.Sandbox.Calendly;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.Slack;
using AuditOrchestrator.Sandbox.Zendesk;

namespace AuditOrchestrator.IntegrationTests.Sources;

/// <summary>POST /api/connections/{name}/verify against the simulated GitLab, Calendly, Zendesk (both) and Slack.</summary>
public sealed class VerifyConnectionsTests
{
    private const string WrongZendeskToken = "wrong-zendesk-token-0b7c";
    private TestDatabase database = null!;
    private SimulatedGitLabServer gitLab = null!;
    private FakeCalendly calendly = null!;
    private FakeZendesk zendeskMain = null!;
    private FakeZendesk zendeskFederal = null!;
    private FakeSlack slack = null!;
    private ServiceFactory service = null!;
    private HttpClient client = null!;
    private string teamFolder = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        teamFolder = Directory.CreateTempSubdirectory("verify-team-").FullName;
        var teamFile = Path.Combine(teamFolder, "support-team.yaml");
        await File.WriteAllTextAsync(teamFile, SmallTeam.Yaml);
        gitLab = await SimulatedGitLab.StartAsync(await SupportTeamLoader.LoadAsync(new LocalTeamFiles(teamFile), AuditIntegrations.Shipped.TeamFields, CancellationToken.None), []);
        calendly = new FakeCalendly("calendly-verify-token-1d2e");
        zendeskMain = new FakeZendesk("main", "bot@example.com", "zendesk-main-token-3f4a");
        zendeskFederal = new FakeZendesk("us-federal", "bot@example.com", "zendesk-federal-token-5b6c");
        slack = new FakeSlack("slack-verify-token-7d8e");
        foreach (var fake in new Sandbox.Hosting.FakeVendorServer[] { calendly, zendeskMain, zendeskFederal, slack })
        {
            await fake.StartAsync();
        }
        database = await TestDatabase.CreateAsync();
        service = new ServiceFactory(database, new Dictionary<string, string?>(gitLab.Configuration)
        {
            ["SupportTeam:Source"] = teamFile,
            ["GitLab:ReconcileInterval"] = "00:00:00",
            ["Calendly:BaseUrl"] = calendly.BaseUrl,
            ["Calendly:Token"] = calendly.Token,
            ["Zendesk:Main:BaseUrl"] = zendeskMain.BaseUrl,
            ["Zendesk:Main:Email"] = zendeskMain.Email,
            ["Zendesk:Main:Token"] = zendeskMain.Token,
            ["Zendesk:UsFederal:BaseUrl"] = zendeskFederal.BaseUrl,
            ["Zendesk:UsFederal:Email"] = zendeskFederal.Email,
            ["Zendesk:UsFederal:Token"] = WrongZendeskToken,
            ["Slack:BaseUrl"] = slack.BaseUrl,
            ["Slack:Token"] = slack.Token,
            ["Audits:Calendly:Enabled"] = "false",
            ["Audits:Zendesk:Enabled"] = "false",
            ["Audits:ZendeskUsFederal:Enabled"] = "false",
        });
        client = service.CreateClient(ServiceFactory.BootstrapToken);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        client.Dispose();
        await service.DisposeAsync();
        await database.DisposeAsync();
        await calendly.DisposeAsync();
        await zendeskMain.DisposeAsync();
        await zendeskFederal.DisposeAsync();
        await slack.DisposeAsync();
        await gitLab.DisposeAsync();
        Directory.Delete(teamFolder, recursive: true);
    }

    [Test]
    public async Task Verify_WithGoodTokens_ReportsWhatEachCanDo()
    {
        var gitLabResult = await VerifyAsync("gitlab");
        var calendlyResult = await VerifyAsync("calendly");
        var zendeskResult = await VerifyAsync("zendesk-main");
        var slackResult = await VerifyAsync("slack");

        Assert.Multiple(() =>
        {
            Assert.That(Capabilities(gitLabResult), Is.EqualTo(new Dictionary<string, bool> { ["user"] = true, ["audit_project"] = true }));
            Assert.That(gitLabResult.ToString(), Does.Contain("@" + SimulatedGitLab.Bot).And.Contain(SimulatedGitLab.AuditProject));
            Assert.That(Capabilities(calendlyResult), Is.EqualTo(new Dictionary<string, bool> { ["users_me"] = true }));
            Assert.That(Capabilities(zendeskResult), Is.EqualTo(new Dictionary<string, bool> { ["users_me"] = true }));
            Assert.That(Capabilities(slackResult), Is.EqualTo(new Dictionary<string, bool> { ["auth_test"] = true }));
            Assert.That(new[] { gitLabResult, calendlyResult, zendeskResult, slackResult }.Select(r => r.GetProperty("ok").GetBoolean()), Is.All.True);
            Assert.That(gitLab.Fake.Calls.Select(c => c.PathAndQuery), Does.Contain("/api/v4/user"), "GitLab was really called");
        });
    }

    [Test]
    public async Task Verify_WhenTheVendorRefuses_SaysWhatFailedWithTheStatus_AndNeverTheToken()
    {
        var federal = await VerifyAsync("zendesk-us-federal");
        calendly.Faults.FailNext(1, 403);
        var refusedCalendly = await VerifyAsync("calendly");
        slack.FailNextWithError("token_revoked");
        var revokedSlack = await VerifyAsync("slack");
        var unconfigured = await VerifyAsync("pagerduty");

        var everything = string.Join("\n", new[] { federal, refusedCalendly, revokedSlack, unconfigured }.Select(r => r.ToString()));
        Assert.Multiple(() =>
        {
            Assert.That(federal.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(Detail(federal), Does.Contain("HTTP 401"));
            Assert.That(Detail(refusedCalendly), Does.Contain("HTTP 403"));
            Assert.That(Detail(revokedSlack), Does.Contain("token_revoked"));
            Assert.That(unconfigured.GetProperty("configured").GetBoolean(), Is.False);
            foreach (var token in new[] { WrongZendeskToken, zendeskFederal.Token, calendly.Token, slack.Token, gitLab.Token })
            {
                Assert.That(everything, Does.Not.Contain(token));
            }
        });
    }

    private async Task<JsonElement> VerifyAsync(string name)
    {
        var response = await client.PostAsync(new Uri($"/api/connections/{name}/verify", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Detail(JsonElement result) => string.Join(" ", result.GetProperty("capabilities").EnumerateArray().Select(c => c.GetProperty("detail").GetString()));

    private static Dictionary<string, bool> Capabilities(JsonElement result) =>
        result.GetProperty("capabilities").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ok").GetBoolean());
}
