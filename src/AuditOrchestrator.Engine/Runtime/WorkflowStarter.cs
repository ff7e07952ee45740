using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>Starts instances of a definition's active version (or a given one).</summary>
public sealed class WorkflowStarter(InstanceStore store, DefinitionCache definitions, ExecutorWakeUp wakeUp)
{
    public async Task<Guid> StartAsync(string definitionId, JsonObject? variables, string? correlationKey, string? actor, CancellationToken ct, int? version = null)
    {
        var chosen = version ?? await definitions.ActiveVersionAsync(definitionId, ct)
            ?? throw new UnknownDefinitionException(definitionId);
        var definition = await definitions.FindAsync(definitionId, chosen, ct) ?? throw new UnknownDefinitionException(definitionId, chosen);
        var now = store.Now;
        var id = Guid.CreateVersion7(now);
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InstanceStore.InsertInstanceAsync(connection, transaction,
            new NewInstance(id, definitionId, chosen, definition.Start, variables ?? [], null, correlationKey), now, actor, ct);
        await transaction.CommitAsync(ct);
        wakeUp.Wake();
        return id;
    }
}

public sealed class UnknownDefinitionException(string definitionId, int? version = null)
    : Exception(version is null ? $"No published definition '{definitionId}'." : $"Definition '{definitionId}' has no version {version}.");
