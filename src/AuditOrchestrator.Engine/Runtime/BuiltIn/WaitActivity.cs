using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

public sealed class WaitActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(BuiltInActivities.Wait, "Waits for a duration on the service clock.",
        [
            new("duration", SettingType.Duration, "How long to wait, e.g. 3.00:00:00 for 72 hours.", Required: true)
            {
                Min = SettingValue.FromDuration(TimeSpan.FromSeconds(1)),
            },
        ],
        ["elapsed"]);

    public string Name => Descriptor.Name;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(
        context.Resume?.Kind == ResumeInfo.TimerKind
            ? ActivityResult.Done("elapsed")
            : ActivityResult.WaitFor(new BookmarkRequest.Timer(context.Clock.GetUtcNow() + context.Step.GetDuration("duration"))));
}
