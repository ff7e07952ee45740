using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Runtime;

/// <summary>Service processes on one database, started and killed at will.</summary>
public sealed class NodeCluster(TestDatabase database, IDictionary<string, string>? extra = null) : IAsyncDisposable
{
    private readonly List<ServiceProcess> _nodes = [];

    public Dictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["ConnectionStrings__Postgres"] = database.ConnectionString,
        ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
        ["Workflows__Directory"] = RuntimeHost.Workflows,
        // A dead node's instances are taken over after this: short, so the tests do not wait long.
        ["Runtime__LeaseDuration"] = "00:00:03",
        ["Runtime__PollInterval"] = "00:00:00.100",
        // The engine's test definitions are not audits: they start from the API only where vendors are simulated.
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    }.Concat(extra ?? new Dictionary<string, string>()).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    public async Task<(ServiceProcess Node, HttpClient Client)> StartNodeAsync()
    {
        var node = ServiceProcess.StartWithTestActivities(Environment);
        _nodes.Add(node);
        // After a kill this waits out any Hangfire recurring-job lock the dead node held (one minute, as in ProcessAuditWorld).
        await node.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        var client = new HttpClient { BaseAddress = node.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);
        return (node, client);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
