namespace AuditOrchestrator.Audits.Calendly;

/// <summary>Bound from <c>Audits__Calendly__AdminTitlePattern</c>.</summary>
public sealed class CalendlyAuditOptions
{
    /// <summary>A case-insensitive regular expression matched against titles.</summary>
    public string AdminTitlePattern { get; set; } = "Support Readiness";
}
