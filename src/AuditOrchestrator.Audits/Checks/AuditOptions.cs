namespace AuditOrchestrator.Audits.Checks;

/// <summary>Bound from <c>Audits__PagerDuty__ExemptTitles</c> and <c>Audits__Calendly__AdminTitlePattern</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audits";

    public PagerDutyAuditOptions PagerDuty { get; set; } = new();
    public CalendlyAuditOptions Calendly { get; set; } = new();

    /// <summary>
    /// How long after its end a re-check's vendor pass may serve the run's other re-checks that fell due before it
    /// started (real time); zero gives every re-check a pass of its own.
    /// </summary>
    public TimeSpan RecheckWindow { get; set; } = TimeSpan.FromMinutes(5);
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
