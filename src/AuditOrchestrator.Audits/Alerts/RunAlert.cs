using System.Globalization;
using AuditOrchestrator.Audits.Text;

namespace AuditOrchestrator.Audits.Alerts;

public static class AlertKinds
{
    public const string Faulted = "faulted";
    public const string Overdue = "overdue";
    public const string Warning = "warning";
}

/// <summary>Something wrong with a run right now, as one look at the database finds it.</summary>
public sealed record Incident(Guid RunId, string Kind, Guid InstanceId, string Subject, string? StepId, string? ItemId, string Message, DateTimeOffset? DueAt)
{
    public (Guid, string, Guid, string) Key => (RunId, Kind, InstanceId, Subject);
}

/// <summary>A row of run_alerts: an incident, and to whom it (and its recovery) was told.</summary>
public sealed record RunAlert(
    Guid Id,
    Guid RunId,
    string Kind,
    Guid InstanceId,
    string Subject,
    string? StepId,
    string? ItemId,
    string Message,
    DateTimeOffset? DueAt,
    DateTimeOffset OpenedAt,
    IReadOnlyList<string> DeliveredTo,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<string> ResolvedDeliveredTo,
    DateTimeOffset? ResolvedDeliveredAt)
{
    public (Guid, string, Guid, string) Key => (RunId, Kind, InstanceId, Subject);

    /// <summary>The idempotency key every post about this alert carries (with a suffix per place and for the recovery).</summary>
    public string MarkerKey => $"run-alert:{Id}";
}

/// <summary>The decisions and the words of run alerts; pure, tested without a host.</summary>
public static class RunAlertPolicy
{
    /// <summary>The open alerts whose incident is gone (retried, fired, cancelled): they are resolved now.</summary>
    public static IReadOnlyList<RunAlert> Recovered(IEnumerable<RunAlert> open, IEnumerable<Incident> current)
    {
        var now = current.Select(i => i.Key).ToHashSet();
        return [.. open.Where(a => a.ResolvedAt is null && !now.Contains(a.Key))];
    }

    /// <summary>Whether a timer due at <paramref name="dueAt"/> is overdue enough to alert at <paramref name="now"/>.</summary>
    public static bool IsOverdue(DateTimeOffset dueAt, DateTimeOffset now, TimeSpan overdueAfter) => dueAt + overdueAfter < now;

    public static string OpenText(RunAlert alert, string audit, string period)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var where = Where(alert, audit, period);
        var retry = alert.ItemId is null
            ? $"POST /api/instances/{alert.InstanceId}/actions/retry"
            : $"POST /api/runs/{alert.RunId}/items/{alert.ItemId}/actions/retry";
        if (alert.Kind == AlertKinds.Warning)
        {
            return $"⚠️ {where}: {Both(alert.Message)}";
        }

        return alert.Kind == AlertKinds.Faulted
            ? $"⚠️ {where} faulted after its retries: {Both(alert.Message)} Fix the cause, then retry the step ({Both(retry)})."
            : string.Create(CultureInfo.InvariantCulture,
                $"⏰ {where} was due at {alert.DueAt:yyyy-MM-dd HH:mm} UTC and has not run yet: {Both(alert.Message)} If it does not move soon, skip the wait (POST /api/instances/{alert.InstanceId}/actions/skip-wait).");
    }

    public static string ResolvedText(RunAlert alert, string audit, string period)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Kind == AlertKinds.Warning
            ? $"✅ Resolved: {Where(alert, audit, period)}: the run is over; its warning stays in the run's journal."
            : $"✅ Resolved: {Where(alert, audit, period)} no longer needs attention (retried, fired, skipped or cancelled).";
    }

    /// <summary>A GitLab note addressed to the SOM (a mention notifies them), or unaddressed when the run has none.</summary>
    public static string NoteFor(string? som, string text) => som is null ? text : $"{Inert.Mention(som)} {text}";

    private static string Where(RunAlert alert, string audit, string period)
    {
        var item = alert.ItemId is null ? "" : $" (item {Both(alert.ItemId)})";
        return $"Audit run {period} ({audit}, {alert.RunId}): step `{alert.StepId ?? "?"}`{item}";
    }

    /// <summary>
    /// Outside text (an error message, an item id) in a text that goes both to GitLab and to Slack: Slack's escaping
    /// inside a GitLab code span, inert in either.
    /// </summary>
    private static string Both(string? text) => Inert.Code(Inert.Slack(text));
}
