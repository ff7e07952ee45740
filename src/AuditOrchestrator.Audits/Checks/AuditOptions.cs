namespace AuditOrchestrator.Audits.Checks;

/// <summary>Bound from <c>Audits__RecheckWindow</c>; each audit reads its own keys under <c>Audits__&lt;audit&gt;__</c> itself.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audits";

    /// <summary>
    /// How long after its end a re-check's vendor pass may serve the run's other re-checks that fell due before it
    /// started (real time); zero gives every re-check a pass of its own.
    /// </summary>
    public TimeSpan RecheckWindow { get; set; } = TimeSpan.FromMinutes(5);
}
