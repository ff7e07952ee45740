using AuditOrchestrator.Engine.Persistence;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuditOrchestrator.Audits.Alerts;

/// <summary>
/// One look for incidents: record new ones, resolve those that are gone, deliver what is pending. Runs under a
/// PostgreSQL advisory lock, so one node at a time; the lock goes with the connection if the node dies.
/// </summary>
public sealed class RunAlertsPass(
    RunAlertStore store, RunAlertNotifier notifier, NpgsqlDataSource dataSource, TimeProvider clock, IOptionsMonitor<AlertsOptions> options)
{
    /// <summary>False when another node is running a pass.</summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        if (!await AdvisoryLock.TryTakeAsync(lockConnection, AdvisoryLocks.RunAlerts, ct))
        {
            return false;
        }

        try
        {
            var now = clock.GetUtcNow();
            var current = await store.CurrentIncidentsAsync(options.CurrentValue.OverdueAfter, now, ct);
            // If the node dies after this, the rows are there and the next pass delivers them.
            await store.OpenAsync(current, now, ct);
            var recovered = RunAlertPolicy.Recovered(await store.OpenAlertsAsync(null, ct), current);
            await store.ResolveAsync(recovered.Select(a => a.Id), now, ct);
            await notifier.DeliverPendingAsync(ct);
            return true;
        }
        finally
        {
            await AdvisoryLock.ReleaseAsync(lockConnection, AdvisoryLocks.RunAlerts);
        }
    }
}

/// <summary>
/// The Hangfire recurring job <c>run-alerts</c>: one <see cref="RunAlertsPass"/> every <c>Alerts__CheckInterval</c> of
/// real time, whatever the service clock's speed. A failed pass shows as failed in the dashboard; the next one retries.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RunAlertsJob(RunAlertsPass pass)
{
    public const string Id = "run-alerts";

    public async Task RunAsync(CancellationToken ct) => await pass.RunAsync(ct);
}
