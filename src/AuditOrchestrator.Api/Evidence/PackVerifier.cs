using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Evidence;

namespace AuditOrchestrator.Api.Evidence;

/// <summary>What verifying an exported pack found. <c>Problems</c> lists every check that failed, the first one first.</summary>
public sealed record PackVerdict(bool Intact, string Message, ChainVerdict? Chain, IReadOnlyList<string> Problems, bool ComparedWithDatabase);

/// <summary>
/// Verifies a pack: its record's chain, its sections against the record, its digest, its bytes against its exported
/// form, and, given the stored record, the pack's entries against the database's.
/// </summary>
public static class PackVerifier
{
    /// <summary>Null when the text is not a pack at all (the caller answers 400).</summary>
    public static async Task<PackVerdict?> VerifyAsync(string text, Func<Guid, Task<StoredRecord?>>? storedOf = null)
    {
        JsonObject pack;
        try
        {
            pack = JsonNode.Parse(text) as JsonObject ?? throw new FormatException();
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
        var schema = pack["schema"]?.GetValueKind() == JsonValueKind.String ? pack["schema"]!.GetValue<string>() : null;
        if (schema is not (EvidencePack.Schema or EvidencePack.SchemaV1)
            || pack["run"] is not JsonObject run || pack["items"] is not JsonArray items
            || pack["record"]?["entries"] is not JsonArray entryNodes
            || !Guid.TryParse(run["id"]?.GetValueKind() == JsonValueKind.String ? run["id"]!.GetValue<string>() : null, out var runId))
        {
            return null;
        }
        List<ChainEntry> entries;
        try
        {
            entries = EvidencePack.ReadEntries(entryNodes, runId);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return new PackVerdict(false, $"the record is malformed: {e.Message}", null, [$"the record is malformed: {e.Message}"], false);
        }

        var problems = new List<string>();
        var head = pack["record"]?["head"]?["hash"]?.GetValueKind() == JsonValueKind.String ? pack["record"]!["head"]!["hash"]!.GetValue<string>() : null;
        var chain = ChainVerifier.Verify(entries, head);
        if (!chain.Intact)
        {
            problems.Add($"the record's chain is broken: {chain.Message}");
        }
        var checkedSections = schema == EvidencePack.SchemaV1 ? EvidenceSections.NamesV1 : EvidenceSections.Names;
        foreach (var (name, section) in EvidenceSections.Derive(run, items, entries))
        {
            if (checkedSections.Contains(name) && !JsonNode.DeepEquals(section, pack[name]))
            {
                problems.Add($"the section '{name}' differs from what the record says");
            }
        }
        problems.AddRange(EvidenceSections.HeaderProblems(run, items, entries));
        if (pack["digest"]?.GetValueKind() != JsonValueKind.String || pack["digest"]!.GetValue<string>() != EvidencePack.Digest(pack))
        {
            problems.Add("the pack's content differs from its digest");
        }
        var exported = EvidencePack.ToText(pack);
        if (!string.Equals(exported, text, StringComparison.Ordinal))
        {
            var at = Enumerable.Range(0, Math.Min(exported.Length, text.Length)).FirstOrDefault(i => exported[i] != text[i], Math.Min(exported.Length, text.Length));
            problems.Add($"the file differs from the pack's exported form at character {at}");
        }
        var compared = false;
        if (storedOf is not null && await storedOf(runId) is { } stored)
        {
            compared = true;
            var storedVerdict = stored.Verify();
            if (!storedVerdict.Intact)
            {
                problems.Add($"the stored record is broken: {storedVerdict.Message}");
            }
            var differs = entries.Zip(stored.Entries).FirstOrDefault(p => p.First.Hash != p.Second.Hash || p.First.Seq != p.Second.Seq);
            if (differs.First is not null)
            {
                problems.Add($"entry {differs.First.Seq} (journal id {differs.First.Id}) differs from the stored record");
            }
            else if (entries.Count > stored.Entries.Count)
            {
                problems.Add($"the pack has {entries.Count} entries, the stored record {stored.Entries.Count}");
            }
        }
        return problems.Count == 0
            ? new PackVerdict(true, $"intact: {chain.Entries} entries, head {chain.Head}{(compared ? ", as stored" : "")}", chain, [], compared)
            : new PackVerdict(false, problems[0], chain, problems, compared);
    }
}
