using System.Collections.Concurrent;
using AuditOrchestrator.Engine.Definitions;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>Definition versions by (id, version). Versions never change once written, so they are cached for good.</summary>
public sealed class DefinitionCache(NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<(string, int), WorkflowDefinition> _versions = new();

    public async Task<WorkflowDefinition?> FindAsync(string definitionId, int version, CancellationToken ct)
    {
        if (_versions.TryGetValue((definitionId, version), out var cached))
        {
            return cached;
        }
        await using var command = dataSource.CreateCommand(
            "SELECT definition::text FROM definition_versions WHERE definition_id = $1 AND version = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = definitionId });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        if (await command.ExecuteScalarAsync(ct) is not string json)
        {
            return null;
        }
        return _versions.GetOrAdd((definitionId, version), DefinitionJson.Deserialize(json));
    }

    public async Task<WorkflowDefinition> GetAsync(string definitionId, int version, CancellationToken ct) =>
        await FindAsync(definitionId, version, ct)
        ?? throw new InvalidOperationException($"Definition '{definitionId}' has no version {version}.");

    public async Task<bool> IsPublishedAsync(string definitionId, int version, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM definition_versions WHERE definition_id = $1 AND version = $2 AND status = 'published')");
        command.Parameters.Add(new NpgsqlParameter { Value = definitionId });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return await command.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>The active (latest published) version number, or null when the definition has none.</summary>
    public async Task<int?> ActiveVersionAsync(string definitionId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT max(version) FROM definition_versions WHERE definition_id = $1 AND status = 'published'");
        command.Parameters.Add(new NpgsqlParameter { Value = definitionId });
        return await command.ExecuteScalarAsync(ct) is int version ? version : null;
    }

    /// <summary>The id of every definition that has any version.</summary>
    public async Task<IReadOnlyList<string>> DefinitionIdsAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT DISTINCT definition_id FROM definition_versions");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }
}
