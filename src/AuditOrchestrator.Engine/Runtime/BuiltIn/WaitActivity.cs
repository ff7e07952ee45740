using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

public sealed class WaitActivity : IActivity
{
    public string Name => BuiltInActivities.Wait;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(
        context.Resume?.Kind == ResumeInfo.TimerKind
            ? ActivityResult.Done("elapsed")
            : ActivityResult.WaitFor(new BookmarkRequest.Timer(context.Clock.GetUtcNow() + context.Step.GetDuration("duration"))));
}
