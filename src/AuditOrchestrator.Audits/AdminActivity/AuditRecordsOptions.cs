using AuditOrchestrator.Vendors.PagerDuty;

namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>Bound from <c>PagerDutyAuditLogs__*</c> (README, "Configuration").</summary>
public sealed class AuditRecordsOptions
{
    public const string Section = "PagerDutyAuditLogs";

    /// <summary>Unset means: on when a PagerDuty token is configured.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Real time between passes, whatever the service clock's speed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How far back the first pass reads.</summary>
    public TimeSpan Backfill { get; set; } = TimeSpan.FromDays(7);

    /// <summary>No record for this long (service clock) makes the source stale.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How far each pass re-reads before the saved position: PagerDuty may list a record after its execution time and
    /// documents no bound on how long after, so the default is generous; re-reading costs only duplicates, which the
    /// table drops.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromHours(1);

    public bool IsEnabled(PagerDutyOptions pagerDuty) => Enabled ?? !string.IsNullOrWhiteSpace(pagerDuty?.Token);
}
