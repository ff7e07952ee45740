using System.Net;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;

namespace AuditOrchestrator.IntegrationTests.Jobs;

/// <summary>
/// A node killed while it held a recurring job's lock leaves the lock row behind until Hangfire's lock timeout. A node
/// started meanwhile must come up (serving, running workflows) and register its recurring jobs once the lock is free.
/// </summary>
public sealed class HeldRecurringJobLockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task NodeStartingWhileADeadNodesLockIsHeld_Starts_AndRegistersItsJobsOnceTheLockIsFree()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Workflows:Directory"] = RuntimeHost.Workflows };
        await using (var first = new ServiceFactory(database, settings))
        {
            using var client = first.CreateClient();
            await ServiceFactory.ReadyAsync(client, Patience, "the first node is ready");
        }
        var resource = $"hangfire:lock:recurring-job:{TimerSweepJob.BackstopJobId}";
        await database.ScalarAsync<int>(
            $"INSERT INTO hangfire.lock (resource, acquired) VALUES ('{resource}', now() AT TIME ZONE 'UTC') RETURNING 1");

        await using var second = new ServiceFactory(database, settings);
        using var admin = second.CreateClient(ServiceFactory.BootstrapToken);

        await Eventually.HoldsAsync(async () =>
        {
            var ready = await admin.GetAsync(new Uri("/readyz", UriKind.Relative));
            return ready.StatusCode == HttpStatusCode.ServiceUnavailable
                && (await ready.Content.ReadAsStringAsync()).Contains("recurring-jobs-pending", StringComparison.Ordinal);
        }, Patience, "the node is up and says its recurring jobs wait for the lock");
        var id = await admin.StartInstanceAsync("multi-step");
        await Eventually.HoldsAsync(async () => await admin.StatusAsync(id) == "completed", Patience, "workflows run meanwhile");

        await database.ScalarAsync<int>($"DELETE FROM hangfire.lock WHERE resource = '{resource}' RETURNING 1");

        await ServiceFactory.ReadyAsync(admin, Patience, "the jobs are registered once the lock is free");
    }
}
