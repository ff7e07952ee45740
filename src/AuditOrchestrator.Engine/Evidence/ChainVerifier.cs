namespace AuditOrchestrator.Engine.Evidence;

/// <summary>What verifying a run's chain found: intact, or the first entry that differs, is missing or is out of place.</summary>
public sealed record ChainVerdict(bool Intact, long Entries, string? Head, string Message, long? FirstBadSeq = null, long? FirstBadId = null, string? Problem = null);

/// <summary>Recomputes a run's chain link by link (a pure function: the entries in the order they claim).</summary>
public static class ChainVerifier
{
    /// <param name="entries">The record in chain order (by seq).</param>
    /// <param name="expectedHead">The head the record must end in (the stored head, or the one on the issue), when known.</param>
    /// <param name="expectedCount">How many entries the chain has (the stored head's seq), when known.</param>
    public static ChainVerdict Verify(IReadOnlyList<ChainEntry> entries, string? expectedHead = null, long? expectedCount = null)
    {
        string? prev = null;
        var hashes = entries.Select(e => e.Hash).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var expectedSeq = i + 1L;
            if (entry.Seq > expectedSeq)
            {
                return Bad(entries, expectedSeq, null, "missing", $"entry {expectedSeq} is missing (the next present is entry {entry.Seq}, journal id {entry.Id})");
            }
            if (entry.Seq < expectedSeq)
            {
                return Bad(entries, entry.Seq, entry.Id, "out-of-order", $"entry {entry.Seq} (journal id {entry.Id}) appears again after entry {expectedSeq - 1}");
            }
            if (!string.Equals(entry.PrevHash, prev, StringComparison.Ordinal))
            {
                var moved = entry.PrevHash is not null && hashes.Contains(entry.PrevHash);
                return moved
                    ? Bad(entries, entry.Seq, entry.Id, "out-of-order", $"entry {entry.Seq} (journal id {entry.Id}, {entry.Kind}) is out of order: it follows another entry than entry {entry.Seq - 1}")
                    : Bad(entries, entry.Seq, entry.Id, "unlinked", $"entry {entry.Seq} (journal id {entry.Id}, {entry.Kind}) does not carry the hash of entry {entry.Seq - 1}");
            }
            if (!string.Equals(entry.ComputeHash(), entry.Hash, StringComparison.Ordinal))
            {
                return Bad(entries, entry.Seq, entry.Id, "altered", $"entry {entry.Seq} (journal id {entry.Id}, {entry.Kind}) differs from what was hashed");
            }
            prev = entry.Hash;
        }
        if (expectedCount is { } count && count > entries.Count)
        {
            return Bad(entries, entries.Count + 1, null, "missing", $"entry {entries.Count + 1} is missing: the chain's head is entry {count}");
        }
        if (expectedHead is not null && !string.Equals(expectedHead, prev, StringComparison.Ordinal))
        {
            return Bad(entries, entries.Count, entries.Count > 0 ? entries[^1].Id : null, "head-mismatch",
                $"the chain ends in {prev ?? "nothing"}, not in the head {expectedHead}");
        }
        return new ChainVerdict(true, entries.Count, prev, $"intact: {entries.Count} entries, head {prev ?? "(empty)"}");
    }

    private static ChainVerdict Bad(IReadOnlyList<ChainEntry> entries, long seq, long? id, string problem, string message) =>
        new(false, entries.Count, entries.Count > 0 ? entries[^1].Hash : null, message, seq, id, problem);
}
