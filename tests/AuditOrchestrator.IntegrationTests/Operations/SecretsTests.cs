using AuditOrchestrator.Audits.Checks;
using System.Security.Cryptography;
using System.Text;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.Slack;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>
/// Every secret the service is given, planted with a recognisable value; the service runs an audit while its vendors
/// fail (5xx, then 401), and everything it wrote anywhere is searched for those values.
/// </summary>
public sealed class SecretsTests
{
    private const string SomSlackId = "USOM0001";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly Dictionary<string, string> Planted = new[]
    {
        "GitLab__Token", "GitLab__WebhookSecret", "GitLab__OAuth__ClientSecret", "PagerDuty__Token", "Calendly__Token",
        "Zendesk__Main__Token", "Zendesk__UsFederal__Token", "Slack__Token", "Auth__BootstrapAdminToken",
    }.ToDictionary(k => k, k => $"planted{k.Replace("__", "", StringComparison.Ordinal)}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10))}");

    [Test]
    public async Task AuditWithFailingVendors_NoTokenOrSecretAppearsInLogsNotesMessagesOrErrorBodies()
    {
        var folder = Directory.CreateTempSubdirectory("secrets-team-").FullName;
        var teamFile = Path.Combine(folder, "support-team.yaml");
        var yaml = SmallTeam.Yaml.Replace("gitlab: { id: 9100, username: msom }", $"gitlab: {{ id: 9100, username: msom }}\n  slack: {{ id: {SomSlackId} }}", StringComparison.Ordinal);
        await File.WriteAllTextAsync(teamFile, yaml);
        var team = await SupportTeamLoader.LoadAsync(new LocalTeamFiles(teamFile), AuditIntegrations.Shipped.TeamFields, CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        await using var pagerDuty = new FakePagerDuty(Planted["PagerDuty__Token"]);
        await pagerDuty.StartAsync();
        SmallTeam.SeedPagerDuty(pagerDuty);
        await using var slack = new FakeSlack(Planted["Slack__Token"]);
        await slack.StartAsync();
        slack.AddUser(SomSlackId);
        await using var gitLab = await SimulatedGitLab.StartAsync(team, []);
        gitLab.Fake.AddToken(Planted["GitLab__Token"], SimulatedGitLab.Bot);

        var environment = new Dictionary<string, string>(Planted)
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Workflows__Directory"] = RepositoryPaths.Workflows,
            ["SupportTeam__Source"] = teamFile,
            ["SupportOps__Managers__0"] = FollowUpHost.Som,
            ["Audits__PagerDuty__Variant"] = "quarterly",
            ["GitLab__BaseUrl"] = gitLab.Fake.BaseUrl,
            ["GitLab__AuditProject"] = SimulatedGitLab.AuditProject,
            ["GitLab__ServiceUsername"] = SimulatedGitLab.Bot,
            ["GitLab__NotesPerMinute"] = "60000",
            ["GitLab__ReconcileInterval"] = "00:00:00",
            ["GitLab__OAuth__ClientId"] = "audit-orchestrator",
            ["PagerDuty__BaseUrl"] = pagerDuty.BaseUrl,
            ["PagerDutyAuditLogs__PollInterval"] = "00:00:01",
            ["Calendly__BaseUrl"] = "http://127.0.0.1:9",
            ["Zendesk__Main__BaseUrl"] = "http://127.0.0.1:9",
            ["Zendesk__Main__Email"] = "ops@example.com",
            ["Zendesk__UsFederal__BaseUrl"] = "http://127.0.0.1:9",
            ["Zendesk__UsFederal__Email"] = "ops@example.com",
            ["Slack__BaseUrl"] = slack.BaseUrl,
            ["Webhooks__PollInterval"] = "00:00:01",
            ["Logging__LogLevel__AuditOrchestrator"] = "Debug",
        };
        await using var service = ServiceProcess.Start(environment);
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        gitLab.SendWebhooksTo(new Uri(service.BaseAddress, "/webhooks/gitlab"));
        gitLab.Fake.Webhooks.Configure(new Uri(service.BaseAddress, "/webhooks/gitlab"), Planted["GitLab__WebhookSecret"]);
        using var admin = new HttpClient { BaseAddress = service.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", Planted["Auth__BootstrapAdminToken"]);
        var bodies = new List<string>();

        // 5xx first: PagerDuty and GitLab fail a few times, the shared pipeline retries, the run goes on.
        pagerDuty.Faults.FailNext(3, 503);
        gitLab.Fake.Faults.FailNext(2, 502);
        var run = await admin.StartRunAsync("pagerduty");
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            iid = (await admin.RunAsync(run)).Issue?.Iid ?? 0;
            return iid > 0 && Notes().Count >= 5;
        }, Patience, "the run posts its issue and threads despite the 5xx");

        // Then 401: PagerDuty refuses every call. Alice answers, so her re-check fails; the collector is refused too.
        pagerDuty.Faults.FailNext(100_000, 401);
        var aliceThread = gitLab.Fake.GetIssue(SimulatedGitLab.AuditProject, iid).Discussions.First(d => d.Notes[0].Body.Contains("@alice", StringComparison.Ordinal)).Id;
        await gitLab.Fake.ReplyAsync(iid, aliceThread, "alice", "Fixed, please re-check.");
        await Eventually.HoldsAsync(() => Task.FromResult(slack.MessagesTo(SomSlackId).Count > 0), Patience, "the SOM gets a DM that PagerDuty refuses the token");
        await Eventually.HoldsAsync(() => Task.FromResult(service.Output.Contains("401", StringComparison.Ordinal)), Patience, "the refused re-check is logged");

        bodies.Add(await (await admin.PostAsync(new Uri("/api/connections/pagerduty/verify", UriKind.Relative), null)).Content.ReadAsStringAsync());
        bodies.Add(await admin.GetStringAsync(new Uri("/api/sources", UriKind.Relative)));
        bodies.Add(await admin.GetStringAsync(new Uri($"/api/runs/{run}", UriKind.Relative)));
        bodies.Add(await admin.GetStringAsync(new Uri($"/api/instances/{run}", UriKind.Relative)));
        bodies.Add(await (await admin.PostAsync(new Uri($"/api/runs/{Guid.NewGuid()}/actions/cancel", UriKind.Relative), null)).Content.ReadAsStringAsync());
        using (var stranger = new HttpClient { BaseAddress = service.BaseAddress })
        {
            stranger.DefaultRequestHeaders.Authorization = new("Bearer", Planted["Auth__BootstrapAdminToken"][..^1] + "x");
            bodies.Add(await (await stranger.GetAsync(new Uri("/api/runs", UriKind.Relative))).Content.ReadAsStringAsync());
            bodies.Add(await WebhookAsync(stranger, Planted["GitLab__WebhookSecret"] + "x", "{}"));
            bodies.Add(await WebhookAsync(stranger, Planted["GitLab__WebhookSecret"], "{not json"));
        }
        await service.DisposeAsync();

        var written = new Dictionary<string, string>
        {
            ["service log"] = service.Output,
            ["GitLab issues and notes"] = string.Join('\n', gitLab.Fake.Issues(SimulatedGitLab.AuditProject)
                .SelectMany(i => new[] { i.Title, i.Description }.Concat(i.Discussions.ToList().SelectMany(d => d.Notes.ToList().Select(n => n.Body))))),
            ["Slack DMs"] = string.Join('\n', slack.MessagesTo(SomSlackId).Select(m => m.Text + m.Metadata?.ToJsonString())),
            ["HTTP answers"] = string.Join('\n', bodies),
        };
        Directory.Delete(folder, recursive: true);
        Assert.Multiple(() =>
        {
            Assert.That(written["service log"].Split('\n'), Has.Length.GreaterThan(20), "the service logged its work");
            Assert.That(written["GitLab issues and notes"], Does.Contain("@alice"));
            Assert.That(written["Slack DMs"], Does.Contain("PagerDuty").IgnoreCase);
            foreach (var (place, text) in written)
            {
                foreach (var (key, secret) in Planted)
                {
                    Assert.That(text.Contains(secret, StringComparison.Ordinal) || text.Contains(secret[^20..], StringComparison.Ordinal), Is.False,
                        $"{key} appears in the {place}");
                }
            }
        });

        List<string> Notes() => iid == 0 ? [] : [.. gitLab.Fake.GetIssue(SimulatedGitLab.AuditProject, iid).Discussions.ToList().SelectMany(d => d.Notes.ToList()).Select(n => n.Body)];
    }

    private static async Task<string> WebhookAsync(HttpClient client, string secret, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/gitlab") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Gitlab-Token", secret);
        request.Headers.Add("X-Gitlab-Event", "Note Hook");
        return await (await client.SendAsync(request)).Content.ReadAsStringAsync();
    }
}
