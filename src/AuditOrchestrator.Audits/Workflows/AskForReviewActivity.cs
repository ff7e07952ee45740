using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;
using AuditOrchestrator.Audits.Text;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Chart node K: once every item is done, a note on the issue asks the run's SOM to review, listing each item's
/// state. The note's id is kept in <c>review.noteId</c>: the approval emoji counts on this note.
/// </summary>
public sealed class AskForReviewActivity(AuditRuns runs, InstanceQueries instances) : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("AskForReview", "Asks the run's SOM to review, in a note on the issue listing each item's state.", [], ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        var som = await StepVariables.SomAsync(runs, context);
        var states = new List<(string Item, string State)>();
        // Items may sit under flows of their own (a Zendesk run's branches): every item of the run is listed.
        foreach (var detail in (await RunDescendants.ReadAsync(instances, context.InstanceId, context.CancellationToken)).Items)
        {
            var state = detail.State().State ?? detail.Instance.Status;
            // An explained item's explanation is for the SOM to judge: the review shows the last answer.
            if (state == ItemStates.Explained && LastCountedAnswer(detail.Variables) is { } answer)
            {
                state += $" by {Inert.Code(StepVariables.String(answer, "author"))}: {Quote(StepVariables.String(answer, "body") ?? StepVariables.String(answer, "kind"))}";
            }
            states.Add((RunDescendants.ItemId(detail) ?? detail.Instance.Id.ToString(), state));
        }
        states.Sort((a, b) => string.CompareOrdinal(a.Item, b.Item));
        var title = StepVariables.String(context.State().Issue, "title") ?? "this audit";
        var note = await ReviewNotes.PostAsync(context, issue.Iid, som, FollowUpMessages.Review(som, title, states));
        context.State().Review = note.DeepClone();
        context.Record("review-requested", note.DeepClone().AsObject());
        return ActivityResult.Done("done");
    }

    /// <summary>The item's last answer that counted (others' notes are kept beside them, but explain nothing).</summary>
    public static JsonObject? LastCountedAnswer(JsonObject variables) =>
        (variables?["answers"] as JsonArray ?? []).OfType<JsonObject>().LastOrDefault(a => a["counted"]?.GetValue<bool>() != false);

    /// <summary>Someone's words quoted in a note: one line of at most 200 characters, inert (<see cref="Inert.Text"/>).</summary>
    public static string Quote(string? text)
    {
        var line = Inert.OneLine(text);
        return Inert.Text(line.Length > 200 ? line[..200] + "…" : line);
    }
}
