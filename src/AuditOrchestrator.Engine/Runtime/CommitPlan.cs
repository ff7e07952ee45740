using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>What one run of an instance ends with, written in one transaction. KeepLease: the node goes on with it at once.</summary>
internal sealed record CommitPlan(
    InstanceStatus Status,
    string? CurrentStep,
    DateTimeOffset? RunAfter,
    string? Outcome,
    JsonObject? Incident,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<PendingEffect> Effects,
    WaitPlan? Wait,
    bool KeepLease = false);

/// <summary>The bookmarks of a wait, and the child instances a fan-out starts.</summary>
internal sealed record WaitPlan(string StepId, IReadOnlyList<BookmarkRequest> Bookmarks, IReadOnlyList<NewInstance> Children);

/// <summary>A timer bookmark that needs its alarm.</summary>
public sealed record TimerBookmark(Guid BookmarkId, Guid InstanceId, DateTimeOffset DueAt);

internal sealed record CommitResult(bool Committed, IReadOnlyList<TimerBookmark> Timers, bool RunsAgain, IReadOnlyList<Guid> StartedChildren)
{
    public static readonly CommitResult LostLease = new(false, [], false, []);
}
