namespace AuditOrchestrator.Audits.Checks;

/// <summary>The key of the Calendly audit, declared beside its registration.</summary>
public readonly partial record struct AuditKind
{
    public static AuditKind Calendly { get; } = new("calendly", "Calendly");
}
