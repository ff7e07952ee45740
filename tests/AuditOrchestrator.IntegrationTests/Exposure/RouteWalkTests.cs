using System.Net;
using System.Text.RegularExpressions;
using AuditOrchestrator.Api.Hosting;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Exposure;

/// <summary>
/// Every route the host maps (the API, the UI's, /hangfire, whatever is added later) is either one of the few that are
/// open on purpose or refuses a caller without credentials. The OpenAPI walk (ApiAuthorizationTests) checks the roles.
/// </summary>
public sealed partial class RouteWalkTests
{
    // Open on purpose: health, the Prometheus scrape (when enabled), the webhook receiver (guarded by its secret),
    // sign-in, the OpenAPI document, the UI shell.
    private static readonly string[] OpenRoutes = ["/healthz", "/readyz", "/metrics", "/webhooks/gitlab", "/auth/", "/openapi/{documentName}.json", "{*path:nonfile}"];

    [Test]
    public async Task EveryRoute_IsOpenOnPurpose_OrRefusesAnonymousCallers()
    {
        await using var database = await TestDatabase.CreateAsync();
        // With every optional route on, so that the walk sees them too.
        await using var service = new ServiceFactory(database, new Dictionary<string, string?> { ["Metrics:Prometheus:Enabled"] = "true" });
        using var anonymous = service.CreateClient();
        var endpoints = service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.That(endpoints, Has.Count.GreaterThan(40), "the walk sees the host's endpoints");
        Assert.That(endpoints.Select(e => e.RoutePattern.RawText), Does.Contain("/metrics"), "and the scrape endpoint");

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var open = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var expectedOpen = OpenRoutes.Any(r => r.EndsWith('/') ? pattern.StartsWith(r, StringComparison.Ordinal) : pattern == r);
            if (open != expectedOpen)
            {
                failures.Add($"{pattern}: {(open ? "open but not on the list of open routes" : "on the list of open routes but not open")}");
                continue;
            }
            if (open)
            {
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(pattern));
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }
                var status = (await anonymous.SendAsync(request)).StatusCode;
                if (status != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{method} {pattern} without credentials: {(int)status}");
                }
            }
        }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task RouteAddedLaterWithoutARole_RefusesCallersWithoutCredentials()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = await ServiceHost.BuildAsync(
        [
            $"--ConnectionStrings:Postgres={database.ConnectionString}",
            $"--Auth:BootstrapAdminToken={ServiceFactory.BootstrapToken}",
            $"--Auth:DataProtectionKey={ServiceFactory.DataProtectionKey}",
            $"--Workflows:Directory={RepositoryPaths.Workflows}",
            "--Sandbox:Enabled=false",
            "--urls=http://127.0.0.1:0",
        ]);
        // A feature someone adds later and forgets to give a role.
        app.MapGet("/api/forgotten", () => "secret");
        app.MapGet("/reports/forgotten", () => "secret");
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var anonymous = new HttpClient { BaseAddress = new Uri(address) };
            using var admin = new HttpClient { BaseAddress = new Uri(address) };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);

            Assert.That((await anonymous.GetAsync(new Uri("/api/forgotten", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await anonymous.GetAsync(new Uri("/reports/forgotten", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await admin.GetAsync(new Uri("/reports/forgotten", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the route itself works");
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static string Concrete(string pattern) =>
        "/" + Parameter().Replace(pattern.TrimStart('/'), m => m.Value.Contains("id", StringComparison.OrdinalIgnoreCase) && !m.Value.Contains("itemId", StringComparison.Ordinal)
            ? "00000000-0000-0000-0000-000000000000" : m.Value.StartsWith("{*", StringComparison.Ordinal) || m.Value.StartsWith("{**", StringComparison.Ordinal) ? "x" : "1");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
