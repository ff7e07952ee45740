using AuditOrchestrator.Engine.Jobs;
using AuditOrchestrator.Engine.Runtime;
using Hangfire;
using Hangfire.Storage;

namespace AuditOrchestrator.Api.Jobs;

/// <summary>
/// At start, after the migrations: creates or updates every registered recurring job and removes the ones no longer
/// configured (an audit switched off, a pass disabled). Every node does this; the result is the same.
/// </summary>
public sealed class RecurringJobsRegistration(
    IEnumerable<RecurringPass> passes, IRecurringJobManager manager, JobStorage storage, JobsOptions options, JobsState state,
    ILogger<RecurringJobsRegistration> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var all = passes.Append(RecurringPass.Every<TimerSweepJob>(
            TimerSweepJob.BackstopJobId, options.TimerSweepInterval, job => job.SweepAsync(null, CancellationToken.None))).ToList();
        foreach (var pass in all)
        {
            if (pass.AddOrUpdate is { } addOrUpdate)
            {
                addOrUpdate(manager, pass.Id);
            }
        }
        using (var connection = storage.GetConnection())
        {
            foreach (var stale in connection.GetRecurringJobs().Select(j => j.Id).Except(all.Where(p => p.AddOrUpdate is not null).Select(p => p.Id)))
            {
                manager.RemoveIfExists(stale);
                logger.LogInformation("Removed the recurring job {JobId}: no longer configured", stale);
            }
        }
        state.RecurringJobsRegistered = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What Hangfire's start-up has finished, for /readyz.</summary>
public sealed class JobsState
{
    public volatile bool RecurringJobsRegistered;
}
