using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Chart node L: the SOM reviews. Waits for the SOM's approval emoji on the review note (<c>gitlab.approval</c>), the
/// SOM closing the issue (<c>gitlab.issue-closed</c>) or the SOM's own approval through the API
/// (<c>run.approved</c>, keyed by the run). A close counts only when GitLab dates it after the review note (a close
/// kept pending since before the review is stale); the emoji counts only on the review note, which did not exist
/// before. Anyone else's emoji or close is journalled and the wait goes on (the close guard reopens their close).
/// Outcomes: <c>approved</c> (the issue is still to be closed) and <c>closed</c> (closed by the SOM).
/// </summary>
public sealed class AwaitApprovalActivity(AuditRuns runs) : IDescribedActivity
{
    public const string ApprovedByActionSignal = "run.approved";

    public static ActivityDescriptor Descriptor { get; } = new("AwaitApproval", "Waits for the SOM's approval emoji on the review note, or for the SOM to close the issue.", [], ["approved", "closed"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        var review = context.State().Review as JsonObject ?? throw new InvalidOperationException("There is no review note to wait on.");
        if (context.Resume?.Kind == ResumeInfo.SignalKind)
        {
            var payload = context.Resume.Payload as JsonObject;
            var author = context.Resume.Actor ?? StepVariables.String(payload, "author");
            var som = await StepVariables.SomAsync(runs, context);
            var how = context.Resume.SignalName switch
            {
                GitLabSignals.Approval => "emoji",
                ApprovedByActionSignal => "action",
                _ => "closed",
            };
            if (how == "action")
            {
                // The API checked who may approve (the SOM's own session, or an admin with a reason).
                return Approve(context, how, author, payload);
            }
            if (how == "closed" && !ClosedAfterReview(payload, review))
            {
                context.Record("stale-close-ignored", new JsonObject
                {
                    ["author"] = author,
                    ["closedAt"] = payload?["at"]?.DeepClone(),
                    ["reviewRequestedAt"] = review["at"]?.DeepClone(),
                }, author);
            }
            else if (string.Equals(author, som, StringComparison.OrdinalIgnoreCase))
            {
                return Approve(context, how, author, payload);
            }
            else
            {
                context.Record(how == "emoji" ? "approval-ignored" : "issue-closed-by-other", new JsonObject
                {
                    ["author"] = author,
                    ["som"] = som,
                }, author);
            }
        }
        var noteId = review["noteId"]?.GetValue<long>() ?? throw new InvalidOperationException("There is no review note to wait on.");
        return ActivityResult.WaitFor(
            new BookmarkRequest.Signal(GitLabSignals.Approval, GitLabSignals.NoteKey(issue.ProjectId, issue.Iid, noteId)),
            new BookmarkRequest.Signal(GitLabSignals.IssueClosed, issue.IssueKey),
            new BookmarkRequest.Signal(ApprovedByActionSignal, context.InstanceId.ToString()));
    }

    /// <summary>
    /// Whether GitLab's time of the close is after GitLab's time of the review note (both on GitLab's clock). A close
    /// without a time, or a review recorded before reviews kept their time, never counts: the SOM approves again.
    /// </summary>
    public static bool ClosedAfterReview(JsonObject? closePayload, JsonObject review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return ReadTime(closePayload?["at"]) is { } closedAt && ReadTime(review["at"]) is { } requestedAt && closedAt >= requestedAt;
    }

    private static DateTimeOffset? ReadTime(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<DateTimeOffset>(out var at) ? at
        : node is JsonValue text && text.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static ActivityResult Approve(ActivityContext context, string how, string? author, JsonObject? payload)
    {
        var approval = new JsonObject { ["how"] = how, ["author"] = author, ["at"] = context.Clock.GetUtcNow() };
        if (StepVariables.String(payload, "reason") is { } reason)
        {
            approval["reason"] = reason;
        }
        context.State().Approval = approval;
        context.Record("approved", new JsonObject { ["how"] = how, ["reason"] = approval["reason"]?.DeepClone() }, author);
        return ActivityResult.Done(how == "closed" ? "closed" : "approved");
    }
}
