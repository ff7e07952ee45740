using AuditOrchestrator.Api.Jobs;
using AuditOrchestrator.Engine.Runtime;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Health;

/// <summary>
/// <c>recurring-jobs-pending</c> until this node has registered the recurring jobs (a dead node's lock can hold that
/// back); <c>scheduler-not-running</c> while this node's Hangfire server is not announced in the database.
/// </summary>
public sealed class SchedulerHealthCheck(JobsState jobs, JobStorage storage, IOptions<ExecutorOptions> executor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!jobs.RecurringJobsRegistered)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("recurring-jobs-pending"));
        }
        try
        {
            // Hangfire names a server after its ServerName (the node id, lower-cased) plus a unique suffix.
            var node = executor.Value.NodeId;
            var running = storage.GetMonitoringApi().Servers().Any(s => s.Name.Contains(node, StringComparison.OrdinalIgnoreCase));
            return Task.FromResult(running ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("scheduler-not-running"));
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(DatabaseHealthCheck.Unreachable));
        }
    }
}
