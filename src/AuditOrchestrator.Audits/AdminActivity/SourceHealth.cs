using System.Net;

namespace AuditOrchestrator.Audits.AdminActivity;

public enum SourceStatus
{
    Healthy,
    Stale,
    Failing,
    Misconfigured,
}

/// <summary>The collector's saved state of one source (a row of <c>source_status</c>).</summary>
public sealed record SourceState(
    string Name,
    SourceStatus Status,
    string? Reason,
    DateTimeOffset? CollectedUntil,
    string? BlockedSettings,
    DateTimeOffset? LastPassStartedReal,
    DateTimeOffset? LastSuccessfulPoll,
    DateTimeOffset? LastRecordTime,
    DateTimeOffset? LastRecordArrivedAt,
    long RecordsStored,
    long MalformedRecords,
    int FailedPasses,
    SourceStatus NotifiedStatus,
    DateTimeOffset StartedAt);

/// <summary>The decisions about a source's health, free of I/O.</summary>
public static class SourceHealth
{
    public static string Name(this SourceStatus status) => status.ToString().ToLowerInvariant();

    public static SourceStatus Parse(string status) => Enum.Parse<SourceStatus>(status, ignoreCase: true);

    /// <summary>
    /// A failure that retrying cannot fix: the token, its scope or the plan. Returns the plain explanation, or null
    /// when the failure is of another kind (the source is then failing, and the next pass tries again).
    /// </summary>
    public static string? MisconfigurationReason(HttpStatusCode? status) => status switch
    {
        HttpStatusCode.Unauthorized =>
            "PagerDuty rejected the API token (HTTP 401). Set a valid PagerDuty__Token; collection resumes when the settings change.",
        HttpStatusCode.Forbidden =>
            "The PagerDuty token may not read audit records (HTTP 403): it needs the audit_records.read scope, or an admin's or account owner's API key. Collection resumes when the settings change.",
        HttpStatusCode.PaymentRequired =>
            "The PagerDuty account's plan does not include audit records (HTTP 402). Collection resumes when the settings change.",
        _ => null,
    };

    /// <summary>
    /// The status after a pass that completed (or was skipped because the settings are still refused): stale when no
    /// record has arrived within <paramref name="staleAfter"/> of service time, counted from the source's start when none ever did.
    /// </summary>
    public static (SourceStatus Status, string? Reason) AfterSuccess(SourceState state, DateTimeOffset serviceNow, TimeSpan staleAfter)
    {
        var since = state.LastRecordArrivedAt ?? state.StartedAt;
        var quiet = serviceNow - since;
        return quiet > staleAfter
            ? (SourceStatus.Stale, $"No PagerDuty audit record has arrived for {Describe(quiet)} (alert after {Describe(staleAfter)}).")
            : (SourceStatus.Healthy, null);
    }

    /// <summary>
    /// The status to show now: staleness moves with the clock between passes too, so a quiet source reads stale as soon
    /// as it is; a failing or misconfigured source keeps what its last pass saved.
    /// </summary>
    public static (SourceStatus Status, string? Reason) Current(SourceState state, DateTimeOffset serviceNow, TimeSpan staleAfter) =>
        state.Status is SourceStatus.Healthy or SourceStatus.Stale ? AfterSuccess(state, serviceNow, staleAfter) : (state.Status, state.Reason);

    /// <summary>Whether the change from the last notified status to <paramref name="current"/> is worth a notification.</summary>
    public static bool ShouldNotify(SourceStatus notified, SourceStatus current) => notified != current;

    public static string NotificationText(string source, SourceStatus from, SourceStatus to, string? reason) => to switch
    {
        SourceStatus.Healthy => $"The {source} audit-record source has recovered (was {from.Name()}): records are being collected again.",
        _ => $"The {source} audit-record source is {to.Name()} (was {from.Name()}): {reason}",
    };

    /// <summary>"1 day", "1.5 days", "3 hours", "1 minute".</summary>
    public static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? Count(span.TotalDays, "day")
        : span.TotalHours >= 1 ? Count(span.TotalHours, "hour")
        : Count(span.TotalMinutes, "minute");

    private static string Count(double value, string unit)
    {
        var text = value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        return text == "1" ? $"1 {unit}" : $"{text} {unit}s";
    }
}
