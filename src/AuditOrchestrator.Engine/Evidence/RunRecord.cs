using System.Text.Json.Nodes;
using Npgsql;

namespace AuditOrchestrator.Engine.Evidence;

/// <summary>A run's hash-chained record as stored: its entries in chain order and the head the database keeps.</summary>
public sealed record StoredRecord(Guid RunId, IReadOnlyList<ChainEntry> Entries, long HeadSeq, string? HeadHash)
{
    public ChainVerdict Verify() => ChainVerifier.Verify(Entries, HeadHash, HeadSeq);
}

/// <summary>Reads a run's record from the database (the run is its root instance).</summary>
public sealed class RunRecord(NpgsqlDataSource dataSource)
{
    public async Task<StoredRecord> ReadAsync(Guid runId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for the entries and the head.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var entries = new List<ChainEntry>();
        await using (var command = new NpgsqlCommand("""
            SELECT chain_seq, id, instance_id, at, kind, step_id, actor, data::text, prev_hash, hash
            FROM workflow_journal WHERE run_id = $1 ORDER BY chain_seq, id
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = runId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                entries.Add(new ChainEntry(
                    runId, reader.GetInt64(0), reader.GetInt64(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : JsonNode.Parse(reader.GetString(7)),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? "" : reader.GetString(9)));
            }
        }
        long headSeq = 0;
        string? headHash = null;
        await using (var command = new NpgsqlCommand("SELECT seq, head_hash FROM evidence_chain_heads WHERE run_id = $1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = runId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                headSeq = reader.GetInt64(0);
                headHash = reader.GetString(1);
            }
        }
        await transaction.CommitAsync(ct);
        return new StoredRecord(runId, entries, headSeq, headHash);
    }
}
