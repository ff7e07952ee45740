using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AuditOrchestrator.Api.Health;

/// <summary><c>database-unreachable</c> when the service's database does not answer; its error goes to the log only.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public const string Unreachable = "database-unreachable";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Not ready: the database cannot be reached ({Reason}).", e.Message);
            return HealthCheckResult.Unhealthy(Unreachable);
        }
    }
}
