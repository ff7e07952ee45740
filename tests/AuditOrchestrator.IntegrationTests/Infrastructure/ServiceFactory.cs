using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>The real service host on a test database, with a known bootstrap admin token.</summary>
public sealed class ServiceFactory(
    TestDatabase database, IDictionary<string, string?>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? testServices = null)
    : WebApplicationFactory<Program>
{
    public const string BootstrapToken = "test-bootstrap-admin-token-0123456789abcdef";
    public const string DataProtectionKey = "test-data-protection-key-0123456789abcdef";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", database.ConnectionString);
        builder.UseSetting("Auth:BootstrapAdminToken", BootstrapToken);
        builder.UseSetting("Auth:DataProtectionKey", DataProtectionKey);
        builder.UseSetting("Workflows:Directory", RepositoryPaths.Workflows);
        // Tests bring their own simulated vendors; the sandbox is tested on its own.
        builder.UseSetting("Sandbox:Enabled", "false");
        // Tests move a TestClock that Hangfire cannot see: the backstop sweep notices a jump within a second.
        builder.UseSetting("Jobs:TimerSweepInterval", "00:00:01");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
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
