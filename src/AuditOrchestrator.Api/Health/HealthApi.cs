using AuditOrchestrator.Api.Hosting;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Api.Jobs;
using Npgsql;

namespace AuditOrchestrator.Api.Health;

public static class HealthApi
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        var health = routes.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        health.MapGet("/healthz", () => TypedResults.Ok(new { status = "up" }));
        health.MapGet("/readyz", ReadyAsync);
    }

    /// <summary>
    /// Anonymous callers (load balancers) learn only whether the node is ready and a reason code per problem:
    /// <c>database-unreachable</c>, <c>migrations-pending</c>, <c>recurring-jobs-pending</c>. The detail (a database
    /// error names hosts, databases and users) goes to the log only.
    /// </summary>
    private static async Task<IResult> ReadyAsync(
        NpgsqlDataSource dataSource, DatabaseMigrator migrator, StartupState state, JobsState jobs, ILoggerFactory loggers, CancellationToken ct)
    {
        var reasons = new List<string>();
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(ct);
            if (!state.Migrated || (await migrator.PendingMigrationsAsync(ct)).Count > 0)
            {
                reasons.Add("migrations-pending");
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(HealthApi)).LogWarning(e, "Not ready: the database cannot be reached ({Reason}).", e.Message);
            reasons.Add("database-unreachable");
        }

        if (!jobs.RecurringJobsRegistered)
        {
            reasons.Add("recurring-jobs-pending");
        }

        return reasons.Count == 0
            ? TypedResults.Ok(new { status = "ready" })
            : TypedResults.Json(new { status = "not-ready", reasons }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
