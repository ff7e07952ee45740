using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditOrchestrator.Engine.Persistence;

/// <summary>
/// Brings the database to the newest schema: our numbered SQL migrations through EF Core's migrator, then Hangfire's
/// own versioned schema (in its <see cref="HangfireSchema"/> schema). Both run under one PostgreSQL advisory lock, so
/// nodes starting together migrate once (Hangfire's storage is told not to prepare its schema itself).
/// </summary>
public sealed class DatabaseMigrator(
    NpgsqlDataSource dataSource,
    IDbContextFactory<OrchestratorDbContext> contexts,
    ILogger<DatabaseMigrator> logger)
{
    public const string HangfireSchema = "hangfire";

    /// <summary>Migrates; returns the ids of the migrations this call applied (none when another node did).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var applied = new List<string>();
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await AdvisoryLock.TakeAsync(lockConnection, AdvisoryLocks.Migrations, cancellationToken);
        try
        {
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    logger.LogInformation("Applying migrations {Migrations}", string.Join(", ", pending));
                    await db.Database.MigrateAsync(cancellationToken);
                    applied.AddRange(pending);
                }
            }
            // Hangfire's installer is idempotent (it records its script version) and runs its scripts synchronously.
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(lockConnection, HangfireSchema);
        }
        finally
        {
            await AdvisoryLock.ReleaseAsync(lockConnection, AdvisoryLocks.Migrations);
        }
        return applied;
    }

    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
