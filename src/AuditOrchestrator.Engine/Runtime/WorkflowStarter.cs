using System.Text.Json.Nodes;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>Starts instances of a definition's active version (or a given one).</summary>
public sealed class WorkflowStarter(InstanceStore store, DefinitionCache definitions, ExecutorWakeUp wakeUp)
{
    public async Task<Guid> StartAsync(string definitionId, JsonObject? variables, string? correlationKey, string? actor, CancellationToken ct, int? version = null) =>
        await TryStartAsync(definitionId, variables, correlationKey, actor, gate: null, ct, version)
        ?? throw new InvalidOperationException("An ungated start cannot be refused.");

    /// <summary>
    /// Starts an instance if <paramref name="gate"/>, run first in the same transaction with the new instance's id,
    /// lets it: the gate's rows and the instance commit together or not at all. Null when the gate said no.
    /// </summary>
    public async Task<Guid?> TryStartAsync(
        string definitionId, JsonObject? variables, string? correlationKey, string? actor,
        Func<NpgsqlConnection, NpgsqlTransaction, Guid, Task<bool>>? gate, CancellationToken ct, int? version = null)
    {
        var chosen = version ?? await definitions.ActiveVersionAsync(definitionId, ct)
            ?? throw new UnknownDefinitionException(definitionId);
        var definition = await definitions.FindAsync(definitionId, chosen, ct) ?? throw new UnknownDefinitionException(definitionId, chosen);
        var now = store.Now;
        var id = Guid.CreateVersion7(now);
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (gate is not null && !await gate(connection, transaction, id))
        {
            await transaction.RollbackAsync(ct);
            return null;
        }
        await InstanceStore.InsertInstanceAsync(connection, transaction,
            new NewInstance(id, definitionId, chosen, definition.Start, variables ?? [], null, correlationKey), now, actor, ct);
        await transaction.CommitAsync(ct);
        wakeUp.Wake();
        return id;
    }
}

public sealed class UnknownDefinitionException(string definitionId, int? version = null)
    : Exception(version is null ? $"No published definition '{definitionId}'." : $"Definition '{definitionId}' has no version {version}.");
