using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditOrchestrator.Engine.Persistence;

/// <summary>
/// Brings the database to the newest schema: the one numbered sequence of SQL migrations that the projects declare
/// (composed by the host, see <see cref="MigrationSequence"/>) through EF Core's migrator, then Hangfire's own
/// versioned schema (in its <see cref="HangfireSchema"/> schema). Both run under one PostgreSQL advisory lock, so
/// nodes starting together migrate once (Hangfire's storage is told not to prepare its schema itself).
/// </summary>
public sealed class DatabaseMigrator(
    NpgsqlDataSource dataSource,
    MigrationSequence sequence,
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
            await using (var db = Context())
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
        await using var db = Context();
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    private OrchestratorDbContext Context() => new(SequenceMigrationsAssembly.Options(dataSource, sequence));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
