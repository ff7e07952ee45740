using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AuditOrchestrator.Api.Evidence;

/// <summary>The pack for people (Markdown) and its items for spreadsheets (CSV); both made from the JSON pack.</summary>
public static class EvidenceFormats
{
    public static string Markdown(JsonObject pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var run = pack["run"]!.AsObject();
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Evidence: {S(run["audit"])} access audit {S(run["period"])}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- Run: `{S(run["id"])}` ({S(run["kind"])}), status **{S(run["status"])}**, SOM @{S(run["som"])}\n");
        md.Append(CultureInfo.InvariantCulture, $"- Issue: {S(run["issue"]?["webUrl"])}\n");
        md.Append(CultureInfo.InvariantCulture, $"- Generated: {S(pack["generatedAt"])} · schema `{S(pack["schema"])}`\n");
        md.Append(CultureInfo.InvariantCulture, $"- Record: {pack["record"]?["head"]?["seq"]} entries, head `{S(pack["record"]?["head"]?["hash"])}`\n");
        md.Append(CultureInfo.InvariantCulture, $"- Pack digest: `{S(pack["digest"])}` (verify the JSON pack: `evidence verify <file>`)\n\n");

        md.Append("## Items\n\n| item | person | final state | findings |\n|---|---|---|---|\n");
        foreach (var item in pack["items"]!.AsArray().OfType<JsonObject>())
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(item["id"])} | {Cell(item["person"])} | {Cell(item["state"])} | {Cell(Codes(item["findings"]))} |\n");
        }
        Section(md, "Team data read", pack["teamDataVersions"], e =>
            $"{S(e["at"])} {S(e["phase"])}: {S(e["source"])}{(e["commit"] is null ? "" : $" at commit `{S(e["commit"])}`")}, SHA-256 `{S(e["sha256"])}`");
        Section(md, "Vendor accounts as read", pack["vendorAccounts"], e => e["read"]?.GetValue<bool>() == false
            ? $"{S(e["at"])} {S(e["phase"])}: not read ({S(e["error"])})"
            : $"{S(e["readAt"])} {S(e["phase"])}: {S(e["vendor"])} ({S(e["service"]?["api"])}, {S(e["service"]?["baseUrl"])}) as {Identity(e["identity"])}: "
              + $"{e["accounts"]?.AsArray().Count ?? 0} accounts{Changes(pack["vendorAccounts"], e)}");
        Section(md, "Findings as first found", pack["findings"], e => $"`{S(e["code"])}` {S(e["person"])}: {S(e["message"])}");
        Section(md, "Audit passes", pack["auditPasses"], e => $"{S(e["at"])}: {e["findings"]} findings, {e["items"]} items");
        Section(md, "Pings", pack["pings"], e => $"{S(e["at"])} {S(e["item"])}: {S(e["whom"])} → {S(e["mention"]?.ToJsonString())} {S(e["url"])}");
        Section(md, "Escalations", pack["escalations"], e => $"{S(e["at"])} {S(e["item"])}: {S(e["whom"])} → {S(e["mention"]?.ToJsonString())} {S(e["url"])}");
        Section(md, "Messages", pack["messages"], e => $"{S(e["at"])} {S(e["kind"])} to {S(e["som"])} {S(e["skipped"])}");
        Section(md, "Answers", pack["answers"], e => $"{S(e["at"])} {S(e["item"])}: {S(e["author"])} ({S(e["kind"])}{(e["counted"]?.GetValue<bool>() == true ? "" : ", not counted")}) {S(e["url"])}");
        Section(md, "Re-checks", pack["rechecks"], e => $"{S(e["at"])} {S(e["item"])}: {S(e["verdict"])}, still failing {e["stillFailing"]}");
        Section(md, "Operator actions", pack["operatorActions"], e => $"{S(e["at"])} {S(e["actor"])}: {S(e["kind"])} {S(e["data"]?.ToJsonString())}");
        Section(md, "Calendly removals", pack["calendlyRemovals"], e => $"{S(e["at"])} {S(e["email"])} ({S(e["role"])}): {S(e["result"])}");
        md.Append("\n## Review and approval\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- Review requested: {S(pack["review"]?["at"])} {S(pack["review"]?["url"])}\n");
        md.Append(pack["approval"] is JsonObject a
            ? $"- Approved by @{S(a["author"])} ({S(a["how"])}) at {S(a["at"])}{(a["reason"] is null ? "" : $", reason: {S(a["reason"])}")}\n"
            : "- Not approved (yet)\n");
        return md.ToString();
    }

    public static string Csv(JsonObject pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var csv = new StringBuilder("item,person,final_state,findings,pings,answers,last_answer_at\r\n");
        var pings = pack["pings"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var answers = pack["answers"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        foreach (var item in pack["items"]!.AsArray().OfType<JsonObject>())
        {
            var id = S(item["id"]);
            var mine = answers.Where(a => S(a["item"]) == id).ToList();
            csv.AppendJoin(',', Field(id), Field(S(item["person"])), Field(S(item["state"])), Field(Codes(item["findings"])),
                pings.Count(p => S(p["item"]) == id).ToString(CultureInfo.InvariantCulture), mine.Count.ToString(CultureInfo.InvariantCulture),
                Field(mine.Count > 0 ? S(mine[^1]["at"]) : ""));
            csv.Append("\r\n");
        }
        return csv.ToString();
    }

    private static void Section(StringBuilder md, string title, JsonNode? list, Func<JsonObject, string> line)
    {
        md.Append(CultureInfo.InvariantCulture, $"\n## {title}\n\n");
        var entries = list?.AsArray().OfType<JsonObject>().ToList() ?? [];
        if (entries.Count == 0)
        {
            md.Append("None.\n");
        }
        foreach (var entry in entries)
        {
            md.Append("- ").Append(line(entry).Replace('\n', ' ')).Append('\n');
        }
    }

    private static string Identity(JsonNode? identity) => identity is JsonObject who
        ? S(who["email"] ?? who["name"] ?? who["kind"])
        : "an unknown identity";

    // The accounts gone and new since the audit's read of the same vendor: what the review changed.
    private static string Changes(JsonNode? lists, JsonObject after)
    {
        if (S(after["phase"]) == "audit"
            || lists?.AsArray().OfType<JsonObject>().FirstOrDefault(l => S(l["phase"]) == "audit" && S(l["vendor"]) == S(after["vendor"])) is not { } before)
        {
            return "";
        }
        static HashSet<string> Ids(JsonObject list) => [.. list["accounts"]?.AsArray().Select(r => S(r?[0])) ?? []];
        var (was, now) = (Ids(before), Ids(after));
        var gone = was.Except(now).Order(StringComparer.Ordinal).ToList();
        var added = now.Except(was).Order(StringComparer.Ordinal).ToList();
        return (gone.Count > 0 ? $"; gone since the audit: {string.Join(", ", gone)}" : "") + (added.Count > 0 ? $"; new since the audit: {string.Join(", ", added)}" : "");
    }

    private static string Codes(JsonNode? findings) =>
        string.Join("; ", findings?.AsArray().Select(f => f is JsonObject o ? S(o["code"]) : S(f)) ?? []);

    private static string S(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string S(string? text) => text ?? "";

    private static string Cell(JsonNode? node) => Cell(S(node));

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    // Quoted as RFC 4180 asks; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula.
    private static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
