using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>What the items gauge counts, asked of the engine: the live items of runs, by state (open when unset).</summary>
public sealed class ItemStateCountTests
{
    [Test]
    public async Task LiveChildren_WithAnItem_AreCountedByState_FinishedOnesAndOtherChildrenAreNot()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var node = new ServiceFactory(database);
        await Eventually.HoldsAsync(
            async () => (await node.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the node is ready");
        var run = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        // Waiting rows with no run_after: nothing makes them runnable, so the executor leaves them as they are.
        await SeededInstances.InsertAsync(connection, run, null, "waiting", "{}");
        await SeededInstances.InsertAsync(connection, Guid.CreateVersion7(), run, "waiting", """{"item": {}, "state": "escalated"}""");
        await SeededInstances.InsertAsync(connection, Guid.CreateVersion7(), run, "faulted", """{"item": {}, "state": "escalated"}""");
        await SeededInstances.InsertAsync(connection, Guid.CreateVersion7(), run, "waiting", """{"item": {}}""");
        await SeededInstances.InsertAsync(connection, Guid.CreateVersion7(), run, "completed", """{"item": {}, "state": "addressed"}""");
        await SeededInstances.InsertAsync(connection, Guid.CreateVersion7(), run, "waiting", """{"state": "escalated"}""");

        var counts = await node.Services.GetRequiredService<InstanceQueries>().CountLiveChildrenAsync("item", "state", "open", CancellationToken.None);

        Assert.That(counts.OrderBy(c => c.Value, StringComparer.Ordinal), Is.EqualTo(new[] { ("escalated", 2L), ("open", 1L) }));
    }
}
