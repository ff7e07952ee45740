using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Evidence;

/// <summary>One link of a run's record: a journal entry with its place in the run's chain and the hashes.</summary>
public sealed record ChainEntry(
    Guid RunId, long Seq, long Id, Guid InstanceId, DateTimeOffset At, string Kind, string? StepId, string? Actor, JsonNode? Data,
    string? PrevHash, string Hash)
{
    public const int FormVersion = 1;

    /// <summary>
    /// The canonical form (docs/evidence.md): the JSON array
    /// <c>[1, run, seq, id, instance, at, kind, step, actor, data, prev]</c> as jsonb prints it, <c>at</c> in UTC to the
    /// microsecond. The database makes it with <c>evidence_canonical</c>; this must print the same bytes.
    /// </summary>
    public string Canonical() => JsonbText.Write(new JsonArray(
        FormVersion, RunId.ToString(), Seq, Id, InstanceId.ToString(),
        At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        Kind, StepId, Actor, Data?.DeepClone(), PrevHash));

    /// <summary>SHA-256 of the canonical form's UTF-8 bytes, lower-case hex.</summary>
    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical())));
}
