using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Journal entries that put what a run read into its hash-chained record (docs/evidence.md): the vendor's account
/// lists (<c>vendor-accounts</c>) and the team data's version (<c>team-data-version</c>).
/// </summary>
internal static class RunRecordEntries
{
    public const string VendorAccountsKind = "vendor-accounts";
    public const string VendorAccountsUnreadKind = "vendor-accounts-unread";
    public const string TeamDataVersionKind = "team-data-version";

    /// <summary><paramref name="phase"/> is <c>audit</c> (the first pass) or <c>after-review</c> (re-read at the end).</summary>
    public static void VendorAccounts(ActivityContext context, JsonObject? accounts, string phase)
    {
        if (accounts is null)
        {
            return;
        }
        var data = new JsonObject { ["phase"] = phase };
        foreach (var (key, value) in accounts)
        {
            data[key] = value?.DeepClone();
        }
        context.Record(VendorAccountsKind, data);
    }

    /// <summary>The audit's pass records every file's hash; a re-check only the version (the files are the audit's or newer).</summary>
    public static void TeamDataVersion(ActivityContext context, TeamDataVersion? version, string phase)
    {
        if (version is null)
        {
            return;
        }
        var data = new JsonObject
        {
            ["phase"] = phase,
            ["source"] = version.Source,
            ["commit"] = version.Commit,
            ["sha256"] = version.Sha256,
        };
        if (phase == "audit")
        {
            data["files"] = new JsonArray([.. version.Files.Select(f => (JsonNode)new JsonArray(f.Path, f.Sha256))]);
        }
        context.Record(TeamDataVersionKind, data);
    }
}
