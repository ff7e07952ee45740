using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Foundation;

/// <summary>Walks the OpenAPI document, so every new /api route is held to the role rules without a new test.</summary>
public sealed class ApiAuthorizationTests
{
    private static readonly string[] Roles = ["viewer", "operator", "admin"];
    private TestDatabase _database = null!;
    private ServiceFactory _service = null!;
    private readonly Dictionary<string, string> _tokens = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _service = new ServiceFactory(_database);
        var admin = _service.CreateClient(ServiceFactory.BootstrapToken);
        foreach (var role in Roles)
        {
            _tokens[role] = (await admin.CreateTokenAsync($"walker-{role}", role)).Secret;
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _service.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task EveryApiRoute_WithoutToken_Is401_WithLowerRole_Is403_WithItsRole_IsAllowed()
    {
        var operations = await ApiOperationsAsync();
        Assert.That(operations, Is.Not.Empty);
        var failures = new List<string>();
        foreach (var (method, path, role) in operations)
        {
            if (role is null)
            {
                failures.Add($"{method} {path} declares no required role");
                continue;
            }
            await Expect(method, path, token: null, HttpStatusCode.Unauthorized, failures);
            await Expect(method, path, token: "not-a-real-token", HttpStatusCode.Unauthorized, failures);
            foreach (var lower in Roles.TakeWhile(r => r != role))
            {
                await Expect(method, path, _tokens[lower], HttpStatusCode.Forbidden, failures);
            }
            var allowed = await SendAsync(method, path, _tokens[role]);
            if (allowed is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError)
            {
                failures.Add($"{method} {path} with role {role}: {(int)allowed}");
            }
        }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task RevokedToken_IsRejected()
    {
        var admin = _service.CreateClient(ServiceFactory.BootstrapToken);
        var created = await admin.CreateTokenAsync("short-lived", "viewer");
        var secret = created.Secret;
        var viewer = _service.CreateClient(secret);
        Assert.That((await viewer.GetAsync(new Uri("/api/activities", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var revoke = await admin.DeleteAsync(new Uri($"/api/tokens/{created.Token.Id}", UriKind.Relative));

        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await viewer.GetAsync(new Uri("/api/activities", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task<List<(string Method, string Path, string? Role)>> ApiOperationsAsync()
    {
        var document = await _service.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = new List<(string, string, string?)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var role = operation.Value.TryGetProperty("x-required-role", out var r) ? r.GetString() : null;
                operations.Add((operation.Name.ToUpperInvariant(), path.Name, role));
            }
        }
        return operations;
    }

    private async Task Expect(string method, string path, string? token, HttpStatusCode expected, List<string> failures)
    {
        var actual = await SendAsync(method, path, token);
        if (actual != expected)
        {
            failures.Add($"{method} {path} with {(token is null ? "no token" : "token")}: expected {(int)expected}, got {(int)actual}");
        }
    }

    private async Task<HttpStatusCode> SendAsync(string method, string path, string? token)
    {
        // Route parameters get placeholder values: authorization is decided before the handler looks them up.
        var concrete = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", match =>
            match.Value.Contains("id", StringComparison.OrdinalIgnoreCase) && !match.Value.Contains("itemId", StringComparison.Ordinal)
                ? "00000000-0000-0000-0000-000000000000" : "1");
        using var request = new HttpRequestMessage(new HttpMethod(method), concrete);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }
        var client = _service.CreateClient(token);
        return (await client.SendAsync(request)).StatusCode;
    }
}
