namespace AuditOrchestrator.Api.Runs;

/// <summary>A run's status as the runs API shows it (README, "Runs"): its audit instance's status, read for people.</summary>
public static class RunStatuses
{
    public const string Running = "running";
    public const string AwaitingReview = "awaiting-review";
    public const string Completed = "completed";
    public const string Faulted = "faulted";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Running, AwaitingReview, Completed, Faulted, Cancelled];
}
