using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

public sealed class WaitUntilActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(BuiltInActivities.WaitUntil, "Waits until the time held in a variable (ISO 8601), on the service clock.",
        [
            new("variable", SettingType.String, "The variable holding the time to wait for.", Required: true) { Pattern = BuiltInActivities.VariablePattern },
        ],
        ["elapsed"]);

    public string Name => Descriptor.Name;

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
