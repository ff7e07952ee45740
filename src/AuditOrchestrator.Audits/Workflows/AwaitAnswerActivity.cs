using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Waits on the item's thread for an answer (a reply, the done emoji on the first note, the thread resolved: the
/// <c>gitlab.answer</c> signal of the thread) or an operator's "addressed" (<c>item.addressed</c>, keyed by the
/// instance id), until the timeout. An answer counts only from someone who may answer for the item
/// (<see cref="ItemAnswerers"/>); anyone else's is kept in <c>answers</c> as not counted, journalled, and the wait goes
/// on to its unchanged deadline. Otherwise the next step re-checks; what happened is left in <c>answered</c>,
/// <c>operatorAddressed</c> and the list <c>answers</c>.
/// </summary>
public sealed class AwaitAnswerActivity(AuditRuns runs, InstanceJournal journal) : IDescribedActivity
{
    public const string AddressedSignal = "item.addressed";

    /// <summary>
    /// The bookmark that ended the wait: the re-check that follows became due when it was consumed
    /// (<see cref="RecheckPasses"/>). The re-check takes it away, so a later re-check never goes by an older wait.
    /// </summary>
    public const string RecheckDueBy = "recheckDueBy";

    public static ActivityDescriptor Descriptor { get; } = new("AwaitAnswer", "Waits for an answer on the item's thread (reply, done emoji, resolved) or an operator's 'addressed', until the timeout.",
        [
            new("timeout", SettingType.Duration, "How long to wait, e.g. 3.00:00:00 for 72 hours.", Required: true)
            {
                Min = SettingValue.FromDuration(TimeSpan.FromSeconds(1)),
            },
        ],
        ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = context.State();
        var thread = state.Thread ?? throw new InvalidOperationException("The item has no thread to wait on.");
        switch (context.Resume?.Kind)
        {
            case ResumeInfo.SignalKind:
                var payload = context.Resume.Payload as JsonObject;
                var operatorSaid = context.Resume.SignalName == AddressedSignal;
                // The actor is who the signal stands for: the GitLab author for GitLab's signals, the operator for theirs.
                var author = context.Resume.Actor ?? StepVariables.String(payload, "author");
                var counts = operatorSaid || await MayAnswerAsync(context, author);
                var answers = state.Answers ?? [];
                answers.Add(new JsonObject
                {
                    ["kind"] = operatorSaid ? "operator" : StepVariables.String(payload, "kind"),
                    ["author"] = author,
                    ["noteId"] = payload?["noteId"]?.DeepClone(),
                    ["body"] = payload?["body"]?.DeepClone(),
                    ["emoji"] = payload?["emoji"]?.DeepClone(),
                    ["at"] = context.Clock.GetUtcNow(),
                    ["step"] = context.Step.Id,
                    ["counted"] = counts,
                });
                state.Answers = answers;
                if (!counts)
                {
                    context.Record("answer-not-counted", new JsonObject
                    {
                        ["author"] = author,
                        ["kind"] = StepVariables.String(payload, "kind"),
                        ["noteId"] = payload?["noteId"]?.DeepClone(),
                        ["reason"] = "only the item's person, or after escalation their manager or the SOM, answers for it",
                    }, author);
                    // The wait's timer as an operator may have moved it; a signal taken the moment the wait began has
                    // none beside it, and then the deadline kept with the wait stands.
                    var due = await journal.TimerOfWaitAsync(context.Resume.BookmarkId, context.CancellationToken)
                        ?? state.WaitDeadline;
                    return Wait(context, thread, due);
                }
                context.Record("answer-counted", new JsonObject
                {
                    ["author"] = author,
                    ["kind"] = operatorSaid ? "operator" : StepVariables.String(payload, "kind"),
                    ["noteId"] = payload?["noteId"]?.DeepClone(),
                    ["emoji"] = payload?["emoji"]?.DeepClone(),
                    ["body"] = payload?["body"]?.DeepClone(),
                }, author);
                if (operatorSaid)
                {
                    state.OperatorAddressed = true;
                }
                else
                {
                    state.Answered = true;
                }
                state.RecheckDueBy = context.Resume.BookmarkId.ToString();
                return ActivityResult.Done("done");
            case ResumeInfo.TimerKind:
                state.RecheckDueBy = context.Resume.BookmarkId.ToString();
                return ActivityResult.Done("done");
        }
        state.Answered = false;
        return Wait(context, thread, context.Clock.GetUtcNow() + AwaitAnswerSettings.From(context.Step).Timeout);
    }

    private async Task<bool> MayAnswerAsync(ActivityContext context, string? author)
    {
        var som = await StepVariables.SomAsync(runs, context);
        var answerers = ItemAnswerers.Of(StepVariables.Item(context), context.State().Audience,
            context.State().State, som);
        return ItemAnswerers.MayAnswer(answerers, author);
    }

    private static ActivityResult Wait(ActivityContext context, JsonObject thread, DateTimeOffset? due)
    {
        context.State().WaitDeadline = due;
        var bookmarks = new List<BookmarkRequest>
        {
            new BookmarkRequest.Signal(GitLabSignals.Answer, StepVariables.String(thread, "key")!),
            new BookmarkRequest.Signal(AddressedSignal, context.InstanceId.ToString()),
        };
        if (due is { } at)
        {
            bookmarks.Add(new BookmarkRequest.Timer(at));
        }
        return ActivityResult.WaitFor(bookmarks);
    }
}

/// <summary>An AwaitAnswer step's settings: how long the wait lasts from when it begins.</summary>
public sealed record AwaitAnswerSettings(TimeSpan Timeout)
{
    public static AwaitAnswerSettings From(StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(step.GetDuration("timeout"));
    }
}
