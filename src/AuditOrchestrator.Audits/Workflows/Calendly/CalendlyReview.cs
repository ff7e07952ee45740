using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Text;
using AuditOrchestrator.Vendors.Calendly;

namespace AuditOrchestrator.Audits.Workflows.Calendly;

/// <summary>One item of a finished run as the review sees it: the item, its final state and its last answer.</summary>
public sealed record ReviewedItem(JsonObject Item, string State, JsonObject? LastAnswer)
{
    public string Id => StepVariables.String(Item, "id") ?? "";
}

/// <summary>
/// The decisions of the Calendly review (README, "Runs"), as pure functions: which findings are the review's, which
/// memberships go, whether everything was addressed.
/// </summary>
public static class CalendlyReview
{
    /// <summary>The finding codes the Calendly review owns; every other Calendly finding is a member's, for the follow-up.</summary>
    public static readonly IReadOnlySet<string> ReviewCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        FindingCodes.CalendlyNotOnTeam,
        FindingCodes.CalendlyOwnerCount,
    };

    /// <summary>The admins rule: member findings (followed up on the person's thread), shown in the review table too.</summary>
    private static readonly HashSet<string> AdminCodes = new(StringComparer.Ordinal)
    {
        FindingCodes.CalendlyAdminNotAllowed,
        FindingCodes.CalendlyReadinessNotAdmin,
    };

    /// <summary>
    /// Whether an item belongs to the review: its findings are all review findings. An item is one person (or the
    /// organisation), and a person is either on the team or not, so an item's findings are never mixed.
    /// </summary>
    public static bool IsReviewItem(JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var codes = (item["findings"] as JsonArray ?? []).Select(f => StepVariables.String(f as JsonObject, "code")).ToList();
        return codes.Count > 0 && codes.All(c => c is not null && ReviewCodes.Contains(c));
    }

    /// <summary>
    /// The items a flow takes: <c>members</c> (the follow-up), <c>review</c> (the Calendly review) or <c>all</c>
    /// (chart 002, one chain for both). Review items get the membership the API listed for their email, so an
    /// unjustified one can be removed after the SOM's approval.
    /// </summary>
    public static JsonArray Select(JsonArray items, CalendlyTake take, IReadOnlyList<CalendlyMembership> memberships)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(memberships);
        var selected = new JsonArray();
        foreach (var item in items.OfType<JsonObject>())
        {
            var review = IsReviewItem(item);
            if ((take == CalendlyTake.Members && review) || (take == CalendlyTake.Review && !review))
            {
                continue;
            }
            var copy = item.DeepClone().AsObject();
            if (review && StepVariables.String(item, "person") is { } email
                && memberships.FirstOrDefault(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase)) is { } membership)
            {
                copy["membership"] = new JsonObject
                {
                    ["uuid"] = membership.Uuid,
                    ["email"] = membership.Email,
                    ["name"] = membership.Name,
                    ["role"] = membership.Role,
                };
            }
            selected.Add(copy);
        }
        return selected;
    }

    /// <summary>
    /// The memberships to remove once the SOM approves: accounts not on the team whose item ended without a
    /// justification (nobody answered, or the membership is still there and nobody explained it); a cancelled item's
    /// membership stays, as the operator took it out of the run.
    /// </summary>
    public static IReadOnlyList<JsonObject> Removals(IEnumerable<ReviewedItem> items) =>
        [.. items
            .Where(i => i.Item["membership"] is JsonObject && !RunItems.IsSettled(i.State))
            .OrderBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => i.Item["membership"]!.DeepClone().AsObject())];

    /// <summary>
    /// The table chart 002's D fills in: each account not on the team, the organisation's owner count, and the admins
    /// rule (admins must be Support Readiness, and Support Readiness admins).
    /// </summary>
    public static string Table(JsonArray items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var md = new StringBuilder();
        md.AppendLine("## Calendly review").AppendLine();
        md.AppendLine("Everyone in the Calendly organisation who is not on the support team needs a justification on their thread below; "
            + "those without one are removed once the Support Operations Manager approves the review.").AppendLine();
        var table = new MarkdownTable("Account", "Name", "Role", "Finding", "Justification");
        foreach (var item in items.OfType<JsonObject>())
        {
            var review = IsReviewItem(item);
            var membership = item["membership"] as JsonObject;
            foreach (var finding in (item["findings"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (review || AdminCodes.Contains(StepVariables.String(finding, "code") ?? ""))
                {
                    table.Row(StepVariables.String(item, "person") ?? "the organisation", StepVariables.String(membership, "name") ?? StepVariables.String(item, "name"),
                        StepVariables.String(membership, "role") ?? StepVariables.String(finding, "found"), StepVariables.String(finding, "message"), "on the item's thread");
                }
            }
        }
        if (table.Count == 0)
        {
            md.AppendLine("Nothing to review: every membership belongs to the team, the organisation has exactly one owner, and the admins are Support Readiness.");
        }
        else
        {
            table.WriteTo(md);
        }
        return md.ToString();
    }

    /// <summary>The review note: each item's state, and the memberships that go when the SOM approves.</summary>
    public static IReadOnlyList<string> ReviewNote(string som, string issueTitle, IReadOnlyList<ReviewedItem> items, IReadOnlyList<JsonObject> removals,
        int maxBytes = ReviewNotes.MaxPartBytes)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(removals);
        var lines = new List<string>();
        foreach (var item in items.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            var line = new StringBuilder();
            line.Append("- ").Append(Inert.Code(item.Id)).Append(": ").Append(Inert.Text(item.State));
            if (item.State == ItemStates.Explained && item.LastAnswer is { } answer)
            {
                line.Append(" by ").Append(Inert.Code(StepVariables.String(answer, "author"))).Append(": ")
                    .Append(AskForReviewActivity.Quote(StepVariables.String(answer, "body") ?? StepVariables.String(answer, "kind")));
            }
            lines.Add(line.ToString());
        }
        lines.Add("");
        if (removals.Count == 0)
        {
            lines.Add("No Calendly membership will be removed: every account not on the team was justified.");
        }
        else
        {
            lines.Add("Not on the team and not justified: these Calendly memberships are removed when you approve.");
            lines.Add("");
            foreach (var membership in removals)
            {
                lines.Add($"- {Inert.Text(StepVariables.String(membership, "name"))} {Inert.Code(StepVariables.String(membership, "email"))} ({Inert.Text(StepVariables.String(membership, "role"))})");
            }
        }
        return ReviewNotes.Split(
            $"{Inert.Mention(som)} every item of {Inert.Text(issueTitle)} has been followed up. Please review.",
            lines,
            "Approve by awarding the approval emoji on this note (the issue is then closed for you) or by closing the issue.",
            maxBytes);
    }

    /// <summary>The Slack DM of chart 002's J: not everything was addressed, the review waits on the issue.</summary>
    public static string ReviewDm(string issueTitle, string issueUrl, IReadOnlyList<ReviewedItem> items, int removals)
    {
        ArgumentNullException.ThrowIfNull(items);
        var open = items.Where(i => !RunItems.IsSettled(i.State)).Select(i => i.Id).Order(StringComparer.Ordinal).ToList();
        return $"{Inert.Slack(issueTitle)}: not every item was addressed ({string.Join(", ", open.Select(Inert.Slack))}). "
            + $"Please review on the issue, {issueUrl} ({removals} Calendly membership(s) to be removed on your approval).";
    }
}
