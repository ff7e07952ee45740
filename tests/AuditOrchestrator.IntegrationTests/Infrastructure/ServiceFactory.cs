using System.Net;
using AuditOrchestrator.TestActivities;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// The real service host on a test database, with a known bootstrap admin token: the one host every test starts,
/// in memory (<see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/>) or on Kestrel (<see cref="StartOnKestrel"/>)
/// where simulated vendors send it webhooks or a browser reaches it.
/// </summary>
/// <param name="settings">Configuration keys (<c>Section:Key</c>); they win over the defaults below.</param>
/// <param name="clock">The service clock, a <see cref="TestClock"/> the test moves; else the real one.</param>
/// <param name="testServices">Replacements in the service's container, as the test needs them.</param>
/// <param name="testDefaults">
/// The shipped workflows, no sandbox, and a 1 s timer sweep. Off for hosts that test the service's own defaults
/// (the UI's, the webhooks'): they name their workflows themselves.
/// </param>
/// <param name="testActivities">The test-only activities (RecordEffect, Fail); off for a host that shows the product's own palette.</param>
public sealed class ServiceFactory(
    TestDatabase database, IDictionary<string, string?>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? testServices = null,
    bool testDefaults = true, bool testActivities = true)
    : WebApplicationFactory<Program>
{
    public const string BootstrapToken = "test-bootstrap-admin-token-0123456789abcdef";
    public const string DataProtectionKey = "test-data-protection-key-0123456789abcdef";

    /// <summary>Where the service listens when started on Kestrel (see <see cref="StartOnKestrel"/>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts the service on Kestrel at 127.0.0.1 on a free port; <see cref="BaseAddress"/> says where.</summary>
    public static ServiceFactory StartOnKestrel(
        TestDatabase database, IDictionary<string, string?>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? testServices = null,
        bool testDefaults = true, bool testActivities = true)
    {
        var service = new ServiceFactory(database, settings, clock, testServices, testDefaults, testActivities);
        service.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        service.StartServer();
        var address = service.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        service.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return service;
    }

    /// <summary>A client of the Kestrel-hosted service, as an administrator unless told otherwise.</summary>
    public HttpClient Api(string? bearerToken = BootstrapToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearerToken);
        }
        return client;
    }

    /// <summary>Waits until <c>/readyz</c> answers success: migrations applied, jobs scheduled.</summary>
    public static async Task ReadyAsync(HttpClient client, TimeSpan within, string what = "the service is ready") =>
        await Eventually.HoldsAsync(async () => (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode, within, what);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", database.ConnectionString);
        builder.UseSetting("Auth:BootstrapAdminToken", BootstrapToken);
        builder.UseSetting("Auth:DataProtectionKey", DataProtectionKey);
        if (testDefaults)
        {
            builder.UseSetting("Workflows:Directory", RepositoryPaths.Workflows);
            // Tests bring their own simulated vendors; the sandbox is tested on its own.
            builder.UseSetting("Sandbox:Enabled", "false");
            // Tests move a TestClock that Hangfire cannot see: the backstop sweep notices a jump within a second.
            builder.UseSetting("Jobs:TimerSweepInterval", "00:00:01");
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (testActivities)
        {
            builder.ConfigureTestServices(services => services.AddTestActivities());
        }
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
        if (testServices is not null)
        {
            builder.ConfigureTestServices(testServices);
        }
    }

    public HttpClient CreateClient(string? bearerToken)
    {
        var client = CreateClient();
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearerToken);
        }
        return client;
    }
}
