namespace AuditOrchestrator.Audits.Checks;

/// <summary>The key of the PagerDuty audit, declared beside its registration.</summary>
public readonly partial record struct AuditKind
{
    public static AuditKind PagerDuty { get; } = new("pagerduty", "PagerDuty");
}
