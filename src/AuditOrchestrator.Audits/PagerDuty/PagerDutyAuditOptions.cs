namespace AuditOrchestrator.Audits.PagerDuty;

/// <summary>Bound from <c>Audits__PagerDuty__ExemptTitles</c>.</summary>
public sealed class PagerDutyAuditOptions
{
    // Null rather than a default list: the configuration binder appends to a pre-filled list.
    public List<string>? ExemptTitles { get; set; }

    public IReadOnlyList<string> EffectiveExemptTitles => ExemptTitles is { Count: > 0 } titles ? titles : ["VP of Support"];
}
