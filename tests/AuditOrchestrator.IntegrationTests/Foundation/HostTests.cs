using System.Net;
using System.Net.Http.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Foundation;

public sealed class HostTests
{
    private TestDatabase _database = null!;
    private ServiceFactory _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _service = new ServiceFactory(_database);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _service.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Health_IsOpenAndReportsUp()
    {
        var response = await _service.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Ready_AfterStart_ReportsMigratedDatabaseAndHangfireSchema()
    {
        var client = _service.CreateClient();
        // The recurring jobs are registered just after the host answers; readiness follows within moments.
        await Eventually.HoldsAsync(
            async () => (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "/readyz answers 200");
        var ready = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/readyz");
        Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(ready.GetProperty("entries").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetProperty("status").GetString()),
            Is.EquivalentTo(new Dictionary<string, string?> { ["database"] = "Healthy", ["migrations"] = "Healthy", ["scheduler"] = "Healthy", ["collector"] = "Healthy" }));
        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\""), Is.GreaterThan(0));
        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name = 'job'"), Is.EqualTo(1));
        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz%'"), Is.Zero);
    }

    [Test]
    public async Task OpenApiDocument_IsServedWithoutToken()
    {
        var document = await _service.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json");
        Assert.That(document.GetProperty("paths").EnumerateObject().Any(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task MalformedJson_GetsProblemResponse_NotServerError()
    {
        var client = _service.CreateClient(ServiceFactory.BootstrapToken);
        using var body = new StringContent("{\"name\": \"x\", \"role\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/tokens", UriKind.Relative), body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task InvalidTokenRequest_GetsValidationProblem()
    {
        var client = _service.CreateClient(ServiceFactory.BootstrapToken);
        var response = await client.PostAsJsonAsync("/api/tokens", new { name = "", role = "superuser" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain("role").And.Contain("name"));
    }
}
