namespace AuditOrchestrator.Integrations.Audits;

/// <summary>Bound from <c>Audits__PagerDuty__ExemptTitles</c> and <c>Audits__Calendly__AdminTitlePattern</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audits";

    public PagerDutyAuditOptions PagerDuty { get; set; } = new();
    public CalendlyAuditOptions Calendly { get; set; } = new();
}

public sealed class PagerDutyAuditOptions
{
    // Null rather than a default list: the configuration binder appends to a pre-filled list.
    public List<string>? ExemptTitles { get; set; }

    public IReadOnlyList<string> EffectiveExemptTitles => ExemptTitles is { Count: > 0 } titles ? titles : ["VP of Support"];
}

public sealed class CalendlyAuditOptions
{
    /// <summary>A case-insensitive regular expression matched against titles.</summary>
    public string AdminTitlePattern { get; set; } = "Support Readiness";
}
