using AuditOrchestrator.Api.Hosting;
using AuditOrchestrator.Engine.Persistence;
using Npgsql;
using Quartz;

namespace AuditOrchestrator.Api.Health;

public static class HealthApi
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        var health = routes.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        health.MapGet("/healthz", () => TypedResults.Ok(new { status = "up" }));
        health.MapGet("/readyz", ReadyAsync);
    }

    private static async Task<IResult> ReadyAsync(
        NpgsqlDataSource dataSource, DatabaseMigrator migrator, StartupState state, ISchedulerFactory schedulers, CancellationToken ct)
    {
        var problems = new List<string>();
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(ct);
            if (!state.Migrated || (await migrator.PendingMigrationsAsync(ct)).Count > 0)
            {
                problems.Add("migrations are not applied yet");
            }
        }
        catch (NpgsqlException e)
        {
            problems.Add($"database unreachable: {e.Message}");
        }

        var scheduler = await schedulers.GetScheduler(ct);
        if (scheduler.Status != SchedulerStatus.Running)
        {
            problems.Add("scheduler not running");
        }

        return problems.Count == 0
            ? TypedResults.Ok(new { status = "ready" })
            : TypedResults.Json(new { status = "not-ready", problems }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
