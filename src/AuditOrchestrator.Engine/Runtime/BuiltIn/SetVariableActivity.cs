using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

public sealed class SetVariableActivity : IActivity
{
    public string Name => BuiltInActivities.SetVariable;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Variables.Set(context.Variables, context.Step.GetString("name"), context.Step.GetString("value"));
        return ValueTask.FromResult(ActivityResult.Done("done"));
    }
}
