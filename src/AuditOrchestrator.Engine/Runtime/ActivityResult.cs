using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>How a step ended this time: with an outcome, or by waiting.</summary>
public abstract record ActivityResult
{
    public static ActivityResult Done(string outcome) => new Completed(outcome);

    /// <summary>Waits for the first of <paramref name="bookmarks"/>.</summary>
    public static ActivityResult WaitFor(params IEnumerable<BookmarkRequest> bookmarks) => new Suspended([.. bookmarks]);

    public sealed record Completed(string Outcome) : ActivityResult;

    /// <summary>A wait: at most one of its bookmarks is a timer (the sweep of due timers consumes a wait by its timer).</summary>
    public sealed record Suspended : ActivityResult
    {
        public Suspended(IReadOnlyList<BookmarkRequest> bookmarks)
        {
            ArgumentNullException.ThrowIfNull(bookmarks);
            if (bookmarks.OfType<BookmarkRequest.Timer>().Skip(1).Any())
            {
                throw new ArgumentException("A wait has at most one timer: give it the earliest due time.", nameof(bookmarks));
            }
            Bookmarks = bookmarks;
        }

        public IReadOnlyList<BookmarkRequest> Bookmarks { get; }
    }
}

/// <summary>One thing a waiting step can be resumed by.</summary>
public abstract record BookmarkRequest
{
    public sealed record Timer(DateTimeOffset DueAt) : BookmarkRequest;

    public sealed record Signal(string Name, string CorrelationKey) : BookmarkRequest;

    /// <summary>Starts one child instance per entry and resumes when all have finished.</summary>
    public sealed record Children(string DefinitionId, IReadOnlyList<JsonObject> ChildVariables) : BookmarkRequest;
}

/// <summary>What resumed a waiting step.</summary>
public sealed record ResumeInfo(string Kind, Guid BookmarkId, string? SignalName, JsonNode? Payload, string? Actor, string? TraceParent = null)
{
    public const string TimerKind = "timer";
    public const string SignalKind = "signal";
    public const string ChildrenKind = "children";
}
