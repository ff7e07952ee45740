namespace AuditOrchestrator.Audits.Checks;

/// <summary>The key of the Zendesk audit (both instances), declared beside its registration.</summary>
public readonly partial record struct AuditKind
{
    public static AuditKind Zendesk { get; } = new("zendesk", "Zendesk");
    public static AuditKind ZendeskUsFederal { get; } = new("zendesk-us-federal", "ZendeskUsFederal");
}
