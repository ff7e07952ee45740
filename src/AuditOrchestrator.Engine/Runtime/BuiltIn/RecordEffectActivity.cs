using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

/// <summary>
/// Test activity: an outside system that deduplicates by idempotency key, played by the recorded_effects table.
/// executions counts how often the effect ran; the row's existence is the effect.
/// </summary>
public sealed class RecordEffectActivity(NpgsqlDataSource dataSource) : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(BuiltInActivities.RecordEffect, "Test activity: records a side effect under a key, once.",
        [new("key", SettingType.String, "The idempotency key of the effect.", Required: true)],
        ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
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
}
