using Hangfire;

namespace AuditOrchestrator.Engine.Jobs;

/// <summary>
/// A periodic pass run as a Hangfire recurring job; each feature registers its own in DI, and the host creates or
/// updates them at start (and removes the ones no longer registered).
/// </summary>
/// <param name="Id">The recurring job's id, shown in the dashboard.</param>
/// <param name="AddOrUpdate">Creates or updates the recurring job under that id; null when the pass is off (its job is removed).</param>
public sealed record RecurringPass(string Id, Action<IRecurringJobManager, string>? AddOrUpdate)
{
    /// <summary>A pass that is switched off by configuration: its recurring job is removed if it exists.</summary>
    public static RecurringPass Off(string id) => new(id, null);

    /// <summary>A pass of <typeparamref name="TJob"/> every <paramref name="interval"/> of real time.</summary>
    public static RecurringPass Every<TJob>(string id, TimeSpan interval, System.Linq.Expressions.Expression<Func<TJob, Task>> run) =>
        new(id, (jobs, jobId) => jobs.AddOrUpdate(jobId, run, RecurringInterval.ToCron(interval)));
}
