using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Vendors.PagerDuty;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Health;

/// <summary>
/// The PagerDuty audit-record collector's status (as <c>GET /api/sources</c> shows it): Degraded with
/// <c>collector-stale</c>, <c>collector-failing</c> or <c>collector-misconfigured</c>, never Unhealthy.
/// </summary>
public sealed class CollectorHealthCheck(
    AuditRecordStore store, TimeProvider clock, IOptionsMonitor<AuditRecordsOptions> options, IOptionsMonitor<PagerDutyOptions> pagerDuty)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.CurrentValue.IsEnabled(pagerDuty.CurrentValue))
        {
            return HealthCheckResult.Healthy();
        }
        try
        {
            var state = await store.FindAsync(AuditRecordStore.PagerDutySource, cancellationToken);
            var status = state is null ? SourceStatus.Healthy : SourceHealth.Current(state, clock.GetUtcNow(), options.CurrentValue.StaleAfter).Status;
            return status == SourceStatus.Healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded("collector-" + status.Name());
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded(DatabaseHealthCheck.Unreachable);
        }
    }
}
