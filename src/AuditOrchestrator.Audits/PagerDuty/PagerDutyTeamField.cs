using AuditOrchestrator.Audits.SupportTeam;

namespace AuditOrchestrator.Audits.PagerDuty;

/// <summary>A person's PagerDuty account in the team data: <c>pagerduty: { id, rotations }</c>.</summary>
public sealed record PagerDutyEntry(string? Id, IReadOnlyList<string> Rotations);

public static class PagerDutyTeamField
{
    /// <summary>Declared by <see cref="PagerDutyAudit.Declared"/>.</summary>
    public static TeamField<PagerDutyEntry> Field { get; } = new("pagerduty", value =>
        value.AsMapping() is { } pagerDuty ? new PagerDutyEntry(pagerDuty.String("id"), pagerDuty.StringList("rotations")) : null);

    /// <summary>The person's <c>pagerduty</c> entry, or null when they have none.</summary>
    public static PagerDutyEntry? PagerDuty(this TeamMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.Account(Field);
    }
}
