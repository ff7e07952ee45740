namespace AuditOrchestrator.Vendors.PagerDuty;

/// <summary>Bound from <c>PagerDuty__*</c> (README, "Configuration").</summary>
public sealed class PagerDutyOptions
{
    public const string Section = "PagerDuty";

    public string BaseUrl { get; set; } = "https://api.pagerduty.com";
    public string? Token { get; set; }

    /// <summary>Schedules to audit; empty means every schedule in the account.</summary>
    public List<string> ScheduleIds { get; set; } = [];

    /// <summary>Client-side request budget. PagerDuty's REST API allows 960 requests per minute per token.</summary>
    public double RequestsPerMinute { get; set; } = 960;

    /// <summary>How many schedule reads may be in flight at once (the pacer still spaces them).</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>The audit-record source (<c>PagerDuty__AuditRecords__*</c>); its collector is <c>PagerDutyAuditLogs__*</c>.</summary>
    public PagerDutyAuditRecordsSource AuditRecords { get; set; } = new();
}

/// <summary>How people see the PagerDuty audit-record source.</summary>
public sealed class PagerDutyAuditRecordsSource
{
    public const string DefaultName = "pagerduty";

    /// <summary>The source's name in its notifications and on the Sources page (seed 004: defaults to "pagerduty").</summary>
    public string SourceName { get; set; } = DefaultName;

    /// <summary>The configured name, or the default when it is blank.</summary>
    public string Name => string.IsNullOrWhiteSpace(SourceName) ? DefaultName : SourceName.Trim();
}
