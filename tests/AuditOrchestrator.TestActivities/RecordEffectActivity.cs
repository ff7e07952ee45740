using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using Npgsql;

namespace AuditOrchestrator.TestActivities;

/// <summary>
/// Test activity: an outside system that deduplicates by idempotency key, played by the recorded_effects table.
/// executions counts how often the effect ran; the row's existence is the effect. The product has no such table, so
/// the activity creates it on first use in each service (every test database starts without it).
/// </summary>
public sealed class RecordEffectActivity(NpgsqlDataSource dataSource) : IDescribedActivity
{
    // Serialises the CREATE across nodes sharing a database: concurrent CREATE TABLE IF NOT EXISTS can still collide.
    private const long TableLockKey = 0x5445_5354_4546_4645;

    private volatile bool _tableExists;

    public static ActivityDescriptor Descriptor { get; } = new(TestActivities.RecordEffect, "Test activity: records a side effect under a key, once.",
        [new("key", SettingType.String, "The idempotency key of the effect.", Required: true)],
        ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (!_tableExists)
        {
            await CreateTableAsync(dataSource);
            _tableExists = true;
        }
        await context.SideEffectAsync(context.Step.GetString("key"), async (key, ct) =>
        {
            await using var command = dataSource.CreateCommand("""
                INSERT INTO recorded_effects (key, instance_id, recorded_at) VALUES ($1, $2, $3)
                ON CONFLICT (key) DO UPDATE SET executions = recorded_effects.executions + 1
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = key });
            command.Parameters.Add(new NpgsqlParameter { Value = context.InstanceId });
            command.Parameters.Add(new NpgsqlParameter { Value = context.Clock.GetUtcNow() });
            await command.ExecuteNonQueryAsync(ct);
            return JsonValue.Create(key);
        });
        return ActivityResult.Done("done");
    }

    private static async Task CreateTableAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({TableLockKey});
            CREATE TABLE IF NOT EXISTS recorded_effects (
                key          text PRIMARY KEY,
                instance_id  uuid NOT NULL,
                executions   int NOT NULL DEFAULT 1,
                recorded_at  timestamptz NOT NULL
            );
            """, connection, transaction);
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
