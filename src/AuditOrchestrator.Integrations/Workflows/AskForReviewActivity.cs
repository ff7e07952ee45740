using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Integrations.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>
/// Chart node K: once every item is done, a note on the issue asks the run's SOM to review, listing each item's
/// state. The note's id is kept in <c>review.noteId</c>: the approval emoji counts on this note.
/// </summary>
public sealed class AskForReviewActivity(AuditRuns runs, InstanceQueries instances) : IActivity
{
    public string Name => WorkflowActivities.AskForReview;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        var som = await StepVariables.SomAsync(runs, context);
        var states = new List<(string Item, string State)>();
        foreach (var child in await instances.SearchAsync(new InstanceFilter(ParentId: context.InstanceId, Limit: 1000), context.CancellationToken))
        {
            var detail = await instances.GetAsync(child.Id, context.CancellationToken);
            var item = detail?.Variables["item"] as JsonObject;
            states.Add((StepVariables.String(item, "id") ?? child.Id.ToString(), StepVariables.String(detail?.Variables, "state") ?? child.Status));
        }
        states.Sort((a, b) => string.CompareOrdinal(a.Item, b.Item));
        var title = StepVariables.String(context.Variables["issue"] as JsonObject, "title") ?? "this audit";
        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        var note = await context.SideEffectAsync("review", async (key, ct) =>
        {
            var posted = await gitlab.CreateNoteOnceAsync(issue.Iid, key, FollowUpMessages.Review(som, title, states), ct);
            return new JsonObject { ["noteId"] = posted.Note.Id, ["som"] = som };
        }) as JsonObject ?? throw new InvalidOperationException("The review note was not recorded.");
        context.Variables["review"] = note.DeepClone();
        context.Record("review-requested", note.DeepClone().AsObject());
        return ActivityResult.Done("done");
    }
}
