namespace AuditOrchestrator.Engine.Runtime;

public sealed class ExecutorOptions
{
    /// <summary>This node's name in leases and logs.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>How many instances this node runs at once.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>
    /// Real time between looks for work when nothing woke the executor. What this node makes runnable (a signal it
    /// received, a timer it swept, a run it started) wakes it at once; the poll finds retries that came due and work
    /// another node left, and is an idle node's most frequent statement.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Real time a claim lasts without renewal, on the database's clock; a dead or stalled node's instances are taken
    /// over after it. Renewed every third of it.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What a side effect needs left of the lease to start, and how long before its expiry a node that cannot renew
    /// stops its runs: a third of the lease, room for one call to a vendor.
    /// </summary>
    internal TimeSpan LeaseMargin => LeaseDuration / 3;

    /// <summary>How long after sending a claim or renewal this node may use the lease without hearing back.</summary>
    internal TimeSpan UsableLease => LeaseDuration - LeaseMargin;

    /// <summary>Steps one run may take before it commits and yields to other instances.</summary>
    public int MaxStepsPerRun { get; set; } = 100;

}
