using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>What a re-check concluded about an item.</summary>
public enum ItemVerdict
{
    /// <summary>The findings are gone (or an operator said so): done, with the evidence.</summary>
    Addressed,
    /// <summary>Someone answered but the findings remain: escalation stops, the explanation goes to the review.</summary>
    Explained,
    /// <summary>No answer and the findings remain: the chain goes on.</summary>
    Open,
}

/// <summary>The follow-up items of a run and the decisions about them, as pure functions.</summary>
public static class FollowUpItems
{
    /// <summary>
    /// One item per person with findings (in the order the audit found them). A person who is a team member carries
    /// their manager's username; anyone else (an account not on the team) is the SOM's to resolve.
    /// </summary>
    public static JsonArray Build(AuditResult result, Guid runId)
    {
        ArgumentNullException.ThrowIfNull(result);
        var items = new JsonArray();
        foreach (var group in result.Findings.GroupBy(f => f.Person ?? "", StringComparer.OrdinalIgnoreCase))
        {
            var member = group.Key.Length == 0 ? null : result.Team.ByGitLabUsername(group.Key) ?? result.Team.ByEmail(group.Key);
            var manager = member is null ? null : result.Team.ManagerOf(member);
            items.Add(new JsonObject
            {
                ["id"] = group.Key.Length == 0 ? "organisation" : group.Key,
                ["person"] = group.Key.Length == 0 ? null : group.Key,
                ["username"] = member?.GitLab?.Username,
            ["gitlabId"] = member?.GitLab?.Id,
                ["name"] = member?.Name,
                ["onTeam"] = member is not null,
                ["manager"] = manager?.GitLab?.Username,
                ["noManager"] = member is null ? null : NoManagerBecause(result.Team, member),
                ["audit"] = result.Audit.CliName(),
                ["runId"] = runId.ToString(),
                ["findings"] = new JsonArray([.. group.Select(ToJson)]),
            });
        }
        return items;
    }

    /// <summary>Why a member's manager step cannot ping anyone, or null when their manager has a GitLab username.</summary>
    public static string? NoManagerBecause(SupportTeam.SupportTeam team, SupportTeam.TeamMember member)
    {
        ArgumentNullException.ThrowIfNull(team);
        var manager = team.ManagerOf(member);
        return manager is null ? $"{member.Name} has no manager in the team data: {team.NoManagerBecause(member)}"
            : manager.GitLab?.Username is null ? $"their manager {manager.Name} has no GitLab username in the team data"
            : null;
    }

    public static JsonObject ToJson(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new JsonObject
        {
            ["code"] = finding.Code,
            ["person"] = finding.Person,
            ["instance"] = finding.Instance,
            ["message"] = finding.Message,
            ["expected"] = finding.Expected,
            ["found"] = finding.Found,
        };
    }

    /// <summary>The findings of a fresh audit that still concern the item's person.</summary>
    public static IReadOnlyList<Finding> StillFailing(IEnumerable<Finding> findings, string? person) =>
        [.. findings.Where(f => string.Equals(f.Person ?? "", person ?? "", StringComparison.OrdinalIgnoreCase))];

    /// <summary>Addressed when nothing fails any more or an operator said so; explained when answered but failing; else open.</summary>
    public static ItemVerdict Decide(bool answered, bool operatorAddressed, int stillFailing) =>
        operatorAddressed || stillFailing == 0 ? ItemVerdict.Addressed
        : answered ? ItemVerdict.Explained
        : ItemVerdict.Open;

    /// <summary>
    /// The outcome of a re-check step: the chart asks "addressed?" at E and G, but "still not addressed?" at I (with
    /// its labels corrected), so the same verdict answers yes or no depending on the question.
    /// </summary>
    public static string Outcome(ItemVerdict verdict, bool askStillOpen) =>
        (verdict == ItemVerdict.Open) == askStillOpen ? "yes" : "no";

    /// <summary>The item state the runs API shows for a verdict.</summary>
    public static string StateOf(ItemVerdict verdict) => verdict switch
    {
        ItemVerdict.Addressed => ItemStates.Addressed,
        ItemVerdict.Explained => ItemStates.Explained,
        _ => ItemStates.Open,
    };
}
