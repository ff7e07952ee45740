using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Runtime;

/// <summary>A service on its own database with the runtime test definitions and a clock the test moves.</summary>
public sealed class RuntimeHost : IAsyncDisposable
{
    private RuntimeHost(TestDatabase database, ServiceFactory service, TestClock clock)
    {
        Database = database;
        Service = service;
        Clock = clock;
        Admin = service.CreateClient(ServiceFactory.BootstrapToken);
    }

    public TestDatabase Database { get; }
    public ServiceFactory Service { get; }
    public TestClock Clock { get; }
    public HttpClient Admin { get; }

    public static string Workflows => Path.Combine(AppContext.BaseDirectory, "Runtime", "Workflows");

    public static async Task<RuntimeHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        var all = new Dictionary<string, string?> { ["Workflows:Directory"] = Workflows };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var service = new ServiceFactory(database, all, clock);
        var host = new RuntimeHost(database, service, clock);
        await ServiceFactory.ReadyAsync(host.Admin, TimeSpan.FromSeconds(30), "the service is ready");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Service.DisposeAsync();
        await Database.DisposeAsync();
    }
}
