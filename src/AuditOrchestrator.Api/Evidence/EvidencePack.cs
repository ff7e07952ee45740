using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Engine.Evidence;

namespace AuditOrchestrator.Api.Evidence;

/// <summary>
/// The evidence pack of a run (schema <see cref="Schema"/>, docs/evidence.md): the run and its items as they stand, the
/// sections an assessor reads (pings, answers, escalations, approval, removals…) derived from the run's hash-chained
/// record, the record itself, and a digest over the whole. Every section but the run's header is a pure function of the
/// record, so verify derives them again and compares.
/// </summary>
public static class EvidencePack
{
    public const string Schema = "auditorchestrator.evidence/2";

    /// <summary>Packs made before the vendor lists and the team data's version were in the record: still verifiable.</summary>
    public const string SchemaV1 = "auditorchestrator.evidence/1";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Build(RunView run, StoredRecord record, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(record);
        var header = new JsonObject
        {
            ["id"] = run.Id.ToString(),
            ["audit"] = run.Audit,
            ["kind"] = run.Kind,
            ["period"] = run.Period,
            ["status"] = run.Status,
            ["som"] = run.Som,
            ["issue"] = run.Issue is { } issue
                ? new JsonObject { ["projectId"] = issue.ProjectId, ["iid"] = issue.Iid, ["webUrl"] = issue.WebUrl }
                : null,
            ["createdAt"] = Time(run.CreatedAt),
        };
        var items = new JsonArray([.. (run.Items ?? []).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = i.Id,
            ["instanceId"] = i.InstanceId?.ToString(),
            ["person"] = i.Person,
            ["state"] = i.State,
            ["findings"] = i.Findings.DeepClone(),
        })]);
        // Round-trip through text, so what is hashed and compared is exactly what a reader of the file gets.
        var entries = JsonNode.Parse(new JsonArray([.. record.Entries.Select(EntryJson)]).ToJsonString())!.AsArray();
        var pack = new JsonObject
        {
            ["schema"] = Schema,
            ["generatedAt"] = Time(generatedAt),
            ["run"] = header,
            ["items"] = items,
        };
        foreach (var (name, section) in EvidenceSections.Derive(header, items, ReadEntries(entries, run.Id)))
        {
            pack[name] = section;
        }
        pack["record"] = new JsonObject
        {
            ["form"] = ChainEntry.FormVersion,
            ["head"] = new JsonObject { ["seq"] = record.Entries.Count, ["hash"] = record.Entries.Count > 0 ? record.Entries[^1].Hash : null },
            ["entries"] = entries,
        };
        pack["digest"] = Digest(pack);
        return JsonNode.Parse(pack.ToJsonString())!.AsObject();
    }

    /// <summary>The exported form: indented JSON, exactly these bytes (verify re-serializes and compares).</summary>
    public static string ToText(JsonObject pack) => pack.ToJsonString(Indented);

    /// <summary>SHA-256 over the exported form of the pack without its digest.</summary>
    public static string Digest(JsonObject pack)
    {
        var copy = pack.DeepClone().AsObject();
        copy.Remove("digest");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(copy.ToJsonString(Indented))));
    }

    public static string? Time(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static JsonObject EntryJson(ChainEntry e) => new()
    {
        ["seq"] = e.Seq,
        ["id"] = e.Id,
        ["instance"] = e.InstanceId.ToString(),
        ["at"] = Time(e.At),
        ["kind"] = e.Kind,
        ["step"] = e.StepId,
        ["actor"] = e.Actor,
        ["data"] = e.Data?.DeepClone(),
        ["prev"] = e.PrevHash,
        ["hash"] = e.Hash,
    };

    /// <summary>The record's entries as a pack holds them. Throws <see cref="FormatException"/> for a malformed entry.</summary>
    public static List<ChainEntry> ReadEntries(JsonArray entries, Guid runId)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var read = new List<ChainEntry>(entries.Count);
        foreach (var node in entries)
        {
            if (node is not JsonObject e)
            {
                throw new FormatException("an entry of the record is not an object");
            }
            read.Add(new ChainEntry(
                runId,
                e["seq"]?.GetValue<long>() ?? throw new FormatException("an entry has no seq"),
                e["id"]?.GetValue<long>() ?? throw new FormatException("an entry has no id"),
                Guid.Parse(e["instance"]?.GetValue<string>() ?? throw new FormatException("an entry has no instance")),
                DateTimeOffset.Parse(e["at"]?.GetValue<string>() ?? throw new FormatException("an entry has no time"), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                e["kind"]?.GetValue<string>() ?? throw new FormatException("an entry has no kind"),
                e["step"]?.GetValue<string>(), e["actor"]?.GetValue<string>(), e["data"]?.DeepClone(),
                e["prev"]?.GetValue<string>(), e["hash"]?.GetValue<string>() ?? ""));
        }
        return read;
    }
}
