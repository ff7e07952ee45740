using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

public sealed class WaitUntilActivity : IActivity
{
    public string Name => BuiltInActivities.WaitUntil;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Resume?.Kind == ResumeInfo.TimerKind)
        {
            return ValueTask.FromResult(ActivityResult.Done("elapsed"));
        }
        var variable = context.Step.GetString("variable");
        var until = Variables.Get(context.Variables, variable)?.GetValue<DateTimeOffset>()
            ?? throw new InvalidOperationException($"Variable '{variable}' holds no time to wait for.");
        return ValueTask.FromResult(ActivityResult.WaitFor(new BookmarkRequest.Timer(until)));
    }
}
