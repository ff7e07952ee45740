namespace AuditOrchestrator.Engine.Runtime;

public sealed class ExecutorOptions
{
    /// <summary>This node's name in leases and logs.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>How many instances this node runs at once.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Real time between looks for work when nothing woke the executor.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Real time a claim lasts without renewal; a dead node's instances are taken over after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Steps one run may take before it commits and yields to other instances.</summary>
    public int MaxStepsPerRun { get; set; } = 100;

    /// <summary>
    /// How a timer's Quartz trigger is created: after the instance's commit (default; a reconciler repairs a trigger
    /// lost to a crash in between), or enlisted in the commit's own transaction.
    /// </summary>
    public TimerScheduling TimerScheduling { get; set; } = TimerScheduling.AfterCommit;
}

public enum TimerScheduling
{
    AfterCommit,
    Enlisted,
}
