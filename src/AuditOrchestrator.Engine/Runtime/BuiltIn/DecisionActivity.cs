using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

public sealed class DecisionActivity : IActivity
{
    public string Name => BuiltInActivities.Decision;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var value = Variables.Get(context.Variables, context.Step.GetString("variable"));
        return ValueTask.FromResult(ActivityResult.Done(Variables.Matches(value, context.Step.FindString("equals")) ? "yes" : "no"));
    }
}
