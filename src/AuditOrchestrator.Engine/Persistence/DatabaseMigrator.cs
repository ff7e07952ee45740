using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditOrchestrator.Engine.Persistence;

/// <summary>
/// Brings the database to the newest schema: our numbered SQL migrations through EF Core's migrator, then Quartz's
/// own schema script. Both run under one PostgreSQL advisory lock, so nodes starting together migrate once.
/// </summary>
public sealed class DatabaseMigrator(
    NpgsqlDataSource dataSource,
    IDbContextFactory<OrchestratorDbContext> contexts,
    ILogger<DatabaseMigrator> logger)
{
    // An arbitrary constant that identifies "schema changes of AuditOrchestrator" among advisory locks.
    private const long MigrationLockKey = 0x4155_4449_544f_0001;
    public const string QuartzTablePrefix = "qrtz_";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(lockConnection, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    logger.LogInformation("Applying migrations {Migrations}", string.Join(", ", pending));
                    await db.Database.MigrateAsync(cancellationToken);
                }
            }
            await ProvisionQuartzSchemaAsync(lockConnection, cancellationToken);
        }
        finally
        {
            await ExecuteAsync(lockConnection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
    }

    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    /// <summary>
    /// Quartz ships its PostgreSQL schema as an idempotent script (CREATE ... IF NOT EXISTS, statements separated by
    /// a '--;;' line). We run that script here, under our lock, instead of letting each node's scheduler race to do it.
    /// </summary>
    private static async Task ProvisionQuartzSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";
        await using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Quartz no longer ships {resource}; provision its schema another way.");
        using var reader = new StreamReader(stream);
        var script = (await reader.ReadToEndAsync(cancellationToken))
            .Replace("{0}", QuartzTablePrefix, StringComparison.Ordinal)
            .Replace("{1}", QuartzTablePrefix, StringComparison.Ordinal);
        foreach (var statement in script.Split("\n--;;", StringSplitOptions.RemoveEmptyEntries))
        {
            if (statement.Split('\n').All(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }
            await ExecuteAsync(connection, statement, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
