namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// An instance's life: running (a node may claim it) ⇄ waiting (on bookmarks) → completed | faulted | cancelled.
/// A faulted instance returns to running only by an operator's retry.
/// </summary>
public enum InstanceStatus
{
    Running,
    Waiting,
    Completed,
    Faulted,
    Cancelled,
}

public static class InstanceStatusNames
{
    public static string ToName(InstanceStatus status) => status switch
    {
        InstanceStatus.Running => "running",
        InstanceStatus.Waiting => "waiting",
        InstanceStatus.Completed => "completed",
        InstanceStatus.Faulted => "faulted",
        InstanceStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static InstanceStatus Parse(string name) => name switch
    {
        "running" => InstanceStatus.Running,
        "waiting" => InstanceStatus.Waiting,
        "completed" => InstanceStatus.Completed,
        "faulted" => InstanceStatus.Faulted,
        "cancelled" => InstanceStatus.Cancelled,
        _ => throw new ArgumentException($"Unknown instance status '{name}'.", nameof(name)),
    };

    public static bool IsFinished(this InstanceStatus status) => status is InstanceStatus.Completed or InstanceStatus.Cancelled;
}
