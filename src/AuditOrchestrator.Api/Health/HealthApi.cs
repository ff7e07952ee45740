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

    private static async Task<IResult> ReadyAsync(
        NpgsqlDataSource dataSource, DatabaseMigrator migrator, StartupState state, JobsState jobs, CancellationToken ct)
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

        if (!jobs.RecurringJobsRegistered)
        {
            problems.Add("recurring jobs not registered yet");
        }

        return problems.Count == 0
            ? TypedResults.Ok(new { status = "ready" })
            : TypedResults.Json(new { status = "not-ready", problems }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
