using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Engine.Security;
using AuditOrchestrator.Vendors.PagerDuty;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Sources;

/// <summary>Collected sources (seed 004: PagerDuty audit records) and the "verify settings" of vendor connections.</summary>
public static class SourcesApi
{
    public sealed record SourceView(
        string Name,
        string Type,
        string Table,
        bool Enabled,
        string Status,
        string? Reason,
        DateTimeOffset? LastSuccessfulPoll,
        DateTimeOffset? LastRecordTime,
        DateTimeOffset? CollectedUntil,
        long RecordsStored,
        long MalformedRecords,
        int FailedPasses,
        IReadOnlyList<NotificationView> RecentNotifications);

    public sealed record NotificationView(string From, string To, string Message, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<string> DeliveredTo, string? DeliveryError);

    public static void MapSources(this RouteGroupBuilder api)
    {
        var sources = api.MapGroup("/sources").WithTags("Sources").RequireRole(Role.Viewer);
        sources.MapGet("", ListAsync);
        sources.MapAuditRecords();
        api.MapGroup("/connections").WithTags("Sources").RequireRole(Role.Admin).MapPost("/{name}/verify", VerifyAsync);
    }

    private static async Task<Ok<IReadOnlyList<SourceView>>> ListAsync(
        AuditRecordStore store, TimeProvider clock, IOptionsMonitor<AuditRecordsOptions> options, IOptionsMonitor<PagerDutyOptions> pagerDuty,
        CancellationToken ct)
    {
        // The row is keyed by the source's type, so renaming the source keeps its position and history.
        var state = await store.FindAsync(AuditRecordStore.PagerDutySource, ct);
        var notifications = await store.NotificationsAsync(AuditRecordStore.PagerDutySource, pendingOnly: false, ct);
        var enabled = options.CurrentValue.IsEnabled(pagerDuty.CurrentValue);
        var (status, reason) = state switch
        {
            null => (SourceStatus.Healthy, enabled ? $"The collector has not polled yet; it polls every {options.CurrentValue.PollInterval.TotalSeconds:0} s." : "Collection is off (PagerDutyAuditLogs__Enabled, or no PagerDuty__Token)."),
            _ => SourceHealth.Current(state, clock.GetUtcNow(), options.CurrentValue.StaleAfter),
        };
        var view = new SourceView(
            pagerDuty.CurrentValue.AuditRecords.Name, "pagerduty", "pagerduty_audit_logs", enabled, status.Name(), reason,
            state?.LastSuccessfulPoll, state?.LastRecordTime, state?.CollectedUntil,
            state?.RecordsStored ?? 0, state?.MalformedRecords ?? 0, state?.FailedPasses ?? 0,
            [.. notifications.TakeLast(20).Select(n => new NotificationView(n.From.Name(), n.To.Name(), n.Message, n.CreatedAt, n.DeliveredAt, n.DeliveredTo, n.DeliveryError))]);
        return TypedResults.Ok<IReadOnlyList<SourceView>>([view]);
    }

    private static async Task<Results<Ok<ConnectionVerification>, ProblemHttpResult>> VerifyAsync(
        string name, VendorVerifier connections, CancellationToken ct) =>
        await connections.VerifyAsync(name, ct) is { } verification
            ? TypedResults.Ok(verification)
            : TypedResults.Problem($"No verify for connection '{name}' (known: {string.Join(", ", connections.Names)}).", statusCode: StatusCodes.Status404NotFound);
}
