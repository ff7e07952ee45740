using AuditOrchestrator.Api.Hosting;
using AuditOrchestrator.Engine.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditOrchestrator.Api.Health;

/// <summary><c>migrations-pending</c> until start-up has applied every migration and none is pending in the database.</summary>
public sealed class MigrationsHealthCheck(DatabaseMigrator migrator, StartupState state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!state.Migrated)
        {
            return HealthCheckResult.Unhealthy("migrations-pending");
        }
        try
        {
            return (await migrator.PendingMigrationsAsync(cancellationToken)).Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("migrations-pending");
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The database check reports (and logs) why.
            return HealthCheckResult.Unhealthy(DatabaseHealthCheck.Unreachable);
        }
    }
}
