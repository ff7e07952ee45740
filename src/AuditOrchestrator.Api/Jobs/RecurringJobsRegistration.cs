using AuditOrchestrator.Engine.Jobs;
using AuditOrchestrator.Engine.Runtime;
using Hangfire;
using Hangfire.Storage;

namespace AuditOrchestrator.Api.Jobs;

/// <summary>
/// At start, after the migrations: creates or updates every registered recurring job and removes the ones no longer
/// configured (an audit switched off, a pass disabled). Every node does this; the result is the same.
/// A node killed while it held a recurring job's lock leaves that lock until Hangfire's lock timeout: a node started
/// meanwhile keeps trying in the background instead of failing to start, and /readyz says so until it is done.
/// </summary>
public sealed class RecurringJobsRegistration(
    IEnumerable<RecurringPass> passes, IEnumerable<RecurringPassSet> sets, IRecurringJobManager manager, JobStorage storage, JobsOptions options, JobsState state,
    ILogger<RecurringJobsRegistration> logger) : BackgroundService
{
    internal static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Register();
                state.RecurringJobsRegistered = true;
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Recurring jobs not registered yet; trying again in {Delay}", RetryDelay);
            }
            await Task.Delay(RetryDelay, TimeProvider.System, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Register()
    {
        var all = passes.Concat(sets.SelectMany(s => s.Passes)).Append(RecurringPass.Every<TimerSweepJob>(
            TimerSweepJob.BackstopJobId, options.TimerSweepInterval, job => job.SweepAsync(null, CancellationToken.None))).ToList();
        foreach (var pass in all)
        {
            if (pass.AddOrUpdate is { } addOrUpdate)
            {
                addOrUpdate(manager, pass.Id);
            }
        }
        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs().Select(j => j.Id).Except(all.Where(p => p.AddOrUpdate is not null).Select(p => p.Id)))
        {
            manager.RemoveIfExists(stale);
            logger.LogInformation("Removed the recurring job {JobId}: no longer configured", stale);
        }
    }
}

/// <summary>Passes a feature registers together when how many there are is known only once the container is built (one per registered audit).</summary>
public sealed record RecurringPassSet(IReadOnlyList<RecurringPass> Passes);

/// <summary>What Hangfire's start-up has finished, for /readyz.</summary>
public sealed class JobsState
{
    public volatile bool RecurringJobsRegistered;
}
