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

/// <summary>The persisted and API names of <see cref="InstanceStatus"/>: these strings are in stored rows, SQL and the API.</summary>
public static class InstanceStatusNames
{
    public const string Running = "running";
    public const string Waiting = "waiting";
    public const string Completed = "completed";
    public const string Faulted = "faulted";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Running, Waiting, Completed, Faulted, Cancelled];

    /// <summary>The ended statuses as an SQL list, for <c>status IN …</c>.</summary>
    public const string FinishedSql = $"('{Completed}', '{Cancelled}')";

    /// <summary>The statuses of an instance that has not ended, as an SQL list.</summary>
    public const string LiveSql = $"('{Running}', '{Waiting}', '{Faulted}')";

    /// <summary>Whether a persisted status name means the instance ended (completed or cancelled).</summary>
    public static bool IsFinished(string? name) => name is Completed or Cancelled;

    public static string ToName(InstanceStatus status) => status switch
    {
        InstanceStatus.Running => Running,
        InstanceStatus.Waiting => Waiting,
        InstanceStatus.Completed => Completed,
        InstanceStatus.Faulted => Faulted,
        InstanceStatus.Cancelled => Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static InstanceStatus Parse(string name) => name switch
    {
        Running => InstanceStatus.Running,
        Waiting => InstanceStatus.Waiting,
        Completed => InstanceStatus.Completed,
        Faulted => InstanceStatus.Faulted,
        Cancelled => InstanceStatus.Cancelled,
        _ => throw new ArgumentException($"Unknown instance status '{name}'.", nameof(name)),
    };

    public static bool IsFinished(this InstanceStatus status) => status is InstanceStatus.Completed or InstanceStatus.Cancelled;
}
