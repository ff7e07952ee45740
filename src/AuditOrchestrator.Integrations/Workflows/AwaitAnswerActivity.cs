using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>
/// Waits on the item's thread for an answer (a reply, the done emoji on the first note, the thread resolved: the
/// <c>gitlab.answer</c> signal of the thread) or an operator's "addressed" (<c>item.addressed</c>, keyed by the
/// instance id), until the timeout. Either way the next step re-checks; what happened is left in <c>answered</c>,
/// <c>operatorAddressed</c> and the list <c>answers</c>.
/// </summary>
public sealed class AwaitAnswerActivity : IActivity
{
    public const string AnswerSignal = "gitlab.answer";
    public const string AddressedSignal = "item.addressed";

    public string Name => WorkflowActivities.AwaitAnswer;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        switch (context.Resume?.Kind)
        {
            case ResumeInfo.SignalKind:
                var payload = context.Resume.Payload as JsonObject;
                if (context.Resume.SignalName == AddressedSignal)
                {
                    context.Variables["operatorAddressed"] = true;
                }
                else
                {
                    context.Variables["answered"] = true;
                }
                var answers = context.Variables["answers"] as JsonArray ?? [];
                answers.Add(new JsonObject
                {
                    ["kind"] = context.Resume.SignalName == AddressedSignal ? "operator" : StepVariables.String(payload, "kind"),
                    ["author"] = StepVariables.String(payload, "author") ?? context.Resume.Actor,
                    ["noteId"] = payload?["noteId"]?.DeepClone(),
                    ["body"] = payload?["body"]?.DeepClone(),
                    ["emoji"] = payload?["emoji"]?.DeepClone(),
                    ["at"] = context.Clock.GetUtcNow(),
                    ["step"] = context.Step.Id,
                });
                context.Variables["answers"] = answers;
                return ValueTask.FromResult(ActivityResult.Done("done"));
            case ResumeInfo.TimerKind:
                return ValueTask.FromResult(ActivityResult.Done("done"));
        }
        var thread = context.Variables["thread"] as JsonObject ?? throw new InvalidOperationException("The item has no thread to wait on.");
        context.Variables["answered"] = false;
        return ValueTask.FromResult(ActivityResult.WaitFor(
            new BookmarkRequest.Signal(AnswerSignal, StepVariables.String(thread, "key")!),
            new BookmarkRequest.Signal(AddressedSignal, context.InstanceId.ToString()),
            new BookmarkRequest.Timer(context.Clock.GetUtcNow() + context.Step.GetDuration("timeout"))));
    }
}
