using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Evidence;

namespace AuditOrchestrator.Api.Evidence;

/// <summary>
/// The pack's sections for assessors, derived from the record alone (plus the item each instance belongs to and the
/// issue's address, from the pack's header): one pure function, used to build a pack and to check one.
/// </summary>
public static class EvidenceSections
{
    /// <summary>The sections of schema version 1; a pack of that version is checked on these alone.</summary>
    public static readonly string[] NamesV1 =
        ["issue", "auditPasses", "findings", "rechecks", "pings", "escalations", "messages", "answers", "review", "approval",
         "calendlyRemovals", "operatorActions", "teamData"];

    public static readonly string[] Names = [.. NamesV1, "teamDataVersions", "vendorAccounts"];

    private static readonly HashSet<string> Escalating = new(StringComparer.Ordinal) { "manager", "som-assistance", "manager-and-som" };

    public static IEnumerable<(string Name, JsonNode? Section)> Derive(JsonObject run, JsonArray items, IReadOnlyList<ChainEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(entries);
        var itemOf = items.OfType<JsonObject>()
            .Where(i => i["instanceId"] is not null)
            .GroupBy(i => i["instanceId"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.First()["id"]?.GetValue<string>(), StringComparer.Ordinal);
        var webUrl = run["issue"]?["webUrl"]?.GetValue<string>();
        string? Url(JsonNode? noteId) => webUrl is null || noteId is null ? null : $"{webUrl}#note_{noteId.ToJsonString()}";

        var issue = new JsonObject { ["created"] = null, ["closed"] = null };
        JsonArray passes = [], findings = [], rechecks = [], pings = [], escalations = [], messages = [], answers = [], removals = [],
            actions = [], teamData = [], teamDataVersions = [], vendorAccounts = [];
        JsonNode? review = null, approval = null;
        foreach (var e in entries)
        {
            var data = e.Data as JsonObject;
            var item = itemOf.GetValueOrDefault(e.InstanceId.ToString());
            var effectKey = data is not null && data["key"] is JsonValue k && k.GetValueKind() == System.Text.Json.JsonValueKind.String ? k.GetValue<string>() : "";
            JsonObject Event() => new() { ["seq"] = e.Seq, ["at"] = EvidencePack.Time(e.At), ["item"] = item };
            JsonObject With(JsonObject o, params string[] keys)
            {
                foreach (var key in keys)
                {
                    o[key] = data?[key]?.DeepClone();
                }
                return o;
            }
            switch (e.Kind)
            {
                case "side-effect" when effectKey.EndsWith(":audit", StringComparison.Ordinal):
                    var result = data!["result"] as JsonObject;
                    var found = result?["findings"] as JsonArray ?? [];
                    passes.Add(With(Event(), []).Also(o =>
                    {
                        o["findings"] = found.Count;
                        o["items"] = (result?["items"] as JsonArray)?.Count ?? 0;
                    }));
                    if (findings.Count == 0)
                    {
                        foreach (var finding in found)
                        {
                            findings.Add(finding?.DeepClone());
                        }
                    }
                    break;
                case "rechecked":
                    rechecks.Add(With(Event(), "verdict", "answered", "operator", "stillFailing"));
                    break;
                case "pinged":
                    var ping = With(Event(), "whom", "mention", "reason", "noteId");
                    ping["url"] = Url(data?["noteId"]);
                    pings.Add(ping);
                    if (Escalating.Contains(data?["whom"]?.GetValue<string>() ?? ""))
                    {
                        escalations.Add(ping.DeepClone());
                    }
                    break;
                case "som-messaged" or "som-message-skipped":
                    messages.Add(With(Event(), "som", "channel", "ts", "skipped", "items").Also(o => o["kind"] = e.Kind));
                    break;
                case "answer-counted" or "answer-not-counted":
                    var answer = With(Event(), "author", "kind", "noteId", "emoji", "body", "reason");
                    answer["counted"] = e.Kind == "answer-counted";
                    answer["url"] = Url(data?["noteId"]);
                    answers.Add(answer);
                    break;
                case "review-requested":
                    review = With(Event(), "noteId", "som").Also(o => o["url"] = Url(data?["noteId"]));
                    break;
                case "approved":
                    approval = With(Event(), "how", "reason").Also(o => o["author"] = e.Actor);
                    break;
                case "membership-removed":
                    removals.Add(With(Event(), "email", "uuid", "role", "result").Also(o => o["approvedBy"] = data?["approvedBy"]?.DeepClone()));
                    break;
                case "operator-action" or "som-changed" or "cancelled" when e.Actor is not null:
                    actions.Add(Event().Also(o =>
                    {
                        o["actor"] = e.Actor;
                        o["kind"] = e.Kind;
                        o["data"] = data?.DeepClone();
                    }));
                    break;
                case "issue-created":
                    issue["created"] = Event().Also(o => o["issue"] = data?.DeepClone());
                    break;
                case "issue-closed":
                    issue["closed"] = Event().Also(o => o["byWorkflow"] = data?["byWorkflow"]?.DeepClone());
                    break;
                case "team-data-version":
                    teamDataVersions.Add(Event().Also(o => CopyAll(data, o)));
                    break;
                case "vendor-accounts" or "vendor-accounts-unread":
                    vendorAccounts.Add(Event().Also(o =>
                    {
                        CopyAll(data, o);
                        o["read"] = e.Kind == "vendor-accounts";
                    }));
                    break;
                case "team-data-error" or "team-data-warning":
                    teamData.Add(With(Event(), "message").Also(o => o["kind"] = e.Kind));
                    break;
            }
        }
        return
        [
            ("issue", issue), ("auditPasses", passes), ("findings", findings), ("rechecks", rechecks), ("pings", pings),
            ("escalations", escalations), ("messages", messages), ("answers", answers), ("review", review), ("approval", approval),
            ("calendlyRemovals", removals), ("operatorActions", actions), ("teamData", teamData),
            ("teamDataVersions", teamDataVersions), ("vendorAccounts", vendorAccounts),
        ];
    }

    /// <summary>
    /// Where the pack's header (<c>run</c>, <c>items</c>, read from the run's tables) disagrees with its record: the run
    /// the entries belong to, how it ended, the issue it opened, each item's instance and its last re-check's verdict.
    /// </summary>
    public static IEnumerable<string> HeaderProblems(JsonObject run, JsonArray items, IReadOnlyList<ChainEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(entries);
        var runId = Text(run["id"]);
        var root = entries.Where(e => e.InstanceId.ToString() == runId).ToList();
        if (entries.Count > 0 && root.Count == 0)
        {
            yield return "the header names a run none of the record's entries belong to";
        }
        var status = Text(run["status"]);
        var ended = root.LastOrDefault(e => e.Kind is "completed" or "cancelled")?.Kind;
        if (ended is not null ? ended != status : status is RunStatuses.Completed or RunStatuses.Cancelled)
        {
            yield return $"the header says the run is {status}, the record that it {(ended is null ? "has not ended" : $"is {ended}")}";
        }
        if (entries.LastOrDefault(e => e.Kind == "issue-created")?.Data is JsonObject opened
            && (run["issue"] is not JsonObject issue || !JsonNode.DeepEquals(issue["projectId"], opened["projectId"])
                || !JsonNode.DeepEquals(issue["iid"], opened["iid"]) || !JsonNode.DeepEquals(issue["webUrl"], opened["webUrl"])))
        {
            yield return "the header's issue is not the one the record opened";
        }
        var byInstance = entries.ToLookup(e => e.InstanceId.ToString());
        foreach (var item in items.OfType<JsonObject>())
        {
            if (Text(item["instanceId"]) is not { } instance)
            {
                continue;
            }
            if (!byInstance.Contains(instance))
            {
                yield return $"item {Text(item["id"])}: its instance has no entry in the record";
                continue;
            }
            var verdict = Text(byInstance[instance].LastOrDefault(e => e.Kind == "rechecked")?.Data?["verdict"]);
            if (verdict is ItemStates.Addressed or ItemStates.Explained && Text(item["state"]) is var state && state != verdict && state != ItemStates.Cancelled)
            {
                yield return $"item {Text(item["id"])}: the header says {state}, its last re-check {verdict}";
            }
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;

    private static void CopyAll(JsonObject? from, JsonObject to)
    {
        foreach (var (key, value) in from ?? [])
        {
            to[key] = value?.DeepClone();
        }
    }

    private static JsonObject Also(this JsonObject o, Action<JsonObject> add)
    {
        add(o);
        return o;
    }
}
