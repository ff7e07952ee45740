using AuditOrchestrator.Audits.Checks;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>Which workflow definition runs an audit, by its <c>Audits__&lt;audit&gt;__Variant</c> (README, "Configuration"; workflows/README.md).</summary>
public static class AuditDefinitions
{
    public const string Quarterly = "quarterly";
    public const string SemiAnnual = "semiannual";

    /// <summary>The configuration key of the audit's variant, e.g. Audits:PagerDuty:Variant.</summary>
    public static string VariantKey(AuditKind audit) => $"Audits:{audit}:Variant";

    /// <summary>Every definition an audit runs as its top level (each variant); the rest are child flows.</summary>
    public static IReadOnlySet<string> AuditLevel { get; } = AuditKinds.All
        .SelectMany(a => new[] { DefinitionFor(a, Quarterly), DefinitionFor(a, SemiAnnual) })
        .ToHashSet(StringComparer.Ordinal);

    public static string DefinitionFor(AuditKind audit, string? variant)
    {
        var quarterly = string.Equals(variant?.Trim(), Quarterly, StringComparison.OrdinalIgnoreCase);
        return audit switch
        {
            AuditKind.PagerDuty => quarterly ? "pagerduty-quarterly" : "pagerduty-semiannual",
            AuditKind.Calendly => quarterly ? "calendly-quarterly" : "calendly-semiannual",
            AuditKind.Zendesk => "zendesk",
            AuditKind.ZendeskUsFederal => "zendesk-us-federal",
            _ => throw new ArgumentOutOfRangeException(nameof(audit), audit, null),
        };
    }
}
