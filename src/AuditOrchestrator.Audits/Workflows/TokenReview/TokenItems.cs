using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;

namespace AuditOrchestrator.Audits.Workflows.TokenReview;

/// <summary>
/// Token rows as follow-up items (the same item flow as a person's findings) and the decisions about them. An item
/// carries <c>token</c>; its one "finding" is the missing justification, which the re-check reads from the table.
/// </summary>
public static class TokenItems
{
    /// <summary>The code of a token item's finding. It is not an audit finding: the checks never report it.</summary>
    public const string Unjustified = "zendesk.token_unjustified";

    public static bool IsToken(JsonObject? item) => StepVariables.String(item, "token") is not null;

    /// <summary>
    /// The item of a token row. An owner on the team is pinged, and their manager after them; an owner the team does
    /// not know makes the token the SOM's (manager step skipped, with <c>whyTheSom</c> as the reason).
    /// </summary>
    public static JsonObject Build(TokenRow row, SupportTeam.SupportTeam team, AuditKind audit, Guid runId, JsonObject issue)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(issue);
        var member = row.Owner is null ? null : team.ByGitLabUsername(row.Owner);
        var manager = member is null ? null : team.ManagerOf(member);
        var instance = Zendesk.ZendeskAudit.InstanceOf(audit)?.InstanceName();
        return new JsonObject
        {
            ["id"] = $"token:{row.Name}",
            ["token"] = row.Name,
            ["person"] = row.Owner,
            ["username"] = member?.GitLab?.Username,
            ["gitlabId"] = member?.GitLab?.Id,
            ["name"] = member?.Name,
            ["onTeam"] = member is not null,
            ["manager"] = manager?.GitLab?.Username,
            ["noManager"] = member is null ? null : FollowUpItems.NoManagerBecause(team, member),
            ["whyTheSom"] = member is null ? $"the token's owner `{row.Owner}` is not on the support team: the SOM resolves it" : null,
            ["audit"] = audit.CliName(),
            ["runId"] = runId.ToString(),
            ["issue"] = issue.DeepClone(),
            ["findings"] = new JsonArray(Finding(row.Name, row.Owner, instance)),
        };
    }

    /// <summary>What still fails for a token item in the table as it is now: nothing once its row has a justification or is gone.</summary>
    public static JsonArray StillFailing(TokenTableRead table, JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(item);
        var name = StepVariables.String(item, "token") ?? throw new ArgumentException("Not a token item.", nameof(item));
        var row = table.Rows.FirstOrDefault(r => r.Key == TokenTable.Key(name));
        if (row is null || row.Justification is not null)
        {
            return [];
        }
        return [Finding(name, row.Owner, (item["findings"]?[0] as JsonObject)?["instance"]?.GetValue<string>())];
    }

    private static JsonObject Finding(string token, string? owner, string? instance) => new()
    {
        ["code"] = Unjustified,
        ["person"] = owner,
        ["instance"] = instance,
        ["message"] = $"API token `{token}` has no justification in the token table",
        ["expected"] = "a justification",
        ["found"] = null,
    };
}
