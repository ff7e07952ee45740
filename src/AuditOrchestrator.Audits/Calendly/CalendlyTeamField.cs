using AuditOrchestrator.Audits.SupportTeam;

namespace AuditOrchestrator.Audits.Calendly;

/// <summary>A person's Calendly scheduling page in the team data: <c>calendly: &lt;url or slug&gt;</c>.</summary>
public static class CalendlyTeamField
{
    /// <summary>Declared by <see cref="CalendlyAudit.Declared"/>.</summary>
    public static TeamField<string> Field { get; } = new("calendly", value => value.AsString());

    /// <summary>The person's <c>calendly</c> value as written, or null when they have none.</summary>
    public static string? Calendly(this TeamMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.Account(Field);
    }
}
