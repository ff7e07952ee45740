using System.Net;
using System.Text.RegularExpressions;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary><c>/metrics</c>: the Prometheus scrape endpoint, off by default, anonymous when on.</summary>
public sealed partial class PrometheusMetricsTests
{
    [Test]
    public async Task Metrics_WhenEnabled_AnonymousScrape_ShowsTheServicesOwnMetrics_AndTheHttpServerMetrics()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var service = new ServiceFactory(database, new Dictionary<string, string?> { ["Metrics:Prometheus:Enabled"] = "true" });
        using var anonymous = service.CreateClient();
        using var forged = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        forged.Headers.Add("X-Gitlab-Token", "not-the-secret");
        forged.Headers.Add("X-Gitlab-Event", "Note Hook");
        Assert.That((await anonymous.PostAsync(new Uri("/webhooks/gitlab", UriKind.Relative), forged)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var text = "";
        await Eventually.HoldsAsync(async () =>
        {
            var scrape = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
            text = await scrape.Content.ReadAsStringAsync();
            return scrape.StatusCode == HttpStatusCode.OK && Unauthorized().IsMatch(text);
        }, TimeSpan.FromSeconds(30), "the scrape shows the refused delivery");

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("# TYPE auditorchestrator_webhook_deliveries_total counter"));
            Assert.That(text, Does.Contain("http_server_request_duration_seconds_bucket"), "the ASP.NET Core instrumentation's metrics too");
            Assert.That(text, Does.Not.Contain("not-the-secret"));
        });
    }

    [Test]
    public async Task Metrics_ByDefault_Is404_ForAnonymousCallersAndAdminsAlike()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var service = new ServiceFactory(database);
        using var anonymous = service.CreateClient();
        using var admin = service.CreateClient(ServiceFactory.BootstrapToken);

        Assert.Multiple(async () =>
        {
            Assert.That((await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await admin.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [GeneratedRegex("""auditorchestrator_webhook_deliveries_total\{[^}]*outcome="unauthorized"[^}]*\} [1-9]""")]
    private static partial Regex Unauthorized();
}
