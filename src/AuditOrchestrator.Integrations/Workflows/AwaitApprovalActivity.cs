using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>
/// Chart node L: the SOM reviews. Waits for the SOM's approval emoji on the review note (<c>gitlab.approval</c>) or
/// the SOM closing the issue (<c>gitlab.issue-closed</c>). Anyone else's emoji or close is journalled and the wait
/// goes on. Outcomes: <c>approved</c> (emoji: the issue is still to be closed) and <c>closed</c> (closed by the SOM).
/// </summary>
public sealed class AwaitApprovalActivity(AuditRuns runs) : IActivity
{
    public const string ApprovalSignal = "gitlab.approval";
    public const string ClosedSignal = "gitlab.issue-closed";

    public string Name => WorkflowActivities.AwaitApproval;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        if (context.Resume?.Kind == ResumeInfo.SignalKind)
        {
            var author = StepVariables.String(context.Resume.Payload as JsonObject, "author") ?? context.Resume.Actor;
            var som = await StepVariables.SomAsync(runs, context);
            var how = context.Resume.SignalName == ApprovalSignal ? "emoji" : "closed";
            if (string.Equals(author, som, StringComparison.OrdinalIgnoreCase))
            {
                context.Variables["approval"] = new JsonObject { ["how"] = how, ["author"] = author, ["at"] = context.Clock.GetUtcNow() };
                context.Record("approved", new JsonObject { ["how"] = how }, author);
                return ActivityResult.Done(how == "emoji" ? "approved" : "closed");
            }
            context.Record(how == "emoji" ? "approval-ignored" : "issue-closed-by-other", new JsonObject
            {
                ["author"] = author,
                ["som"] = som,
            }, author);
            if (how == "closed")
            {
                context.Variables["closedBy"] = author;
            }
        }
        var noteId = (context.Variables["review"] as JsonObject)?["noteId"]?.GetValue<long>()
            ?? throw new InvalidOperationException("There is no review note to wait on.");
        return ActivityResult.WaitFor(
            new BookmarkRequest.Signal(ApprovalSignal, $"gitlab-note:{issue.ProjectId}:{issue.Iid}:{noteId}"),
            new BookmarkRequest.Signal(ClosedSignal, issue.IssueKey));
    }
}
