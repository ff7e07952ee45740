using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

public sealed class SetVariableActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(BuiltInActivities.SetVariable, "Sets a variable of the instance.",
        [
            new("name", SettingType.String, "The variable to set.", Required: true) { Pattern = BuiltInActivities.VariablePattern },
            new("value", SettingType.String, "The text to store.", Required: true),
        ],
        ["done"]);

    public string Name => Descriptor.Name;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Variables.Set(context.Variables, context.Step.GetString("name"), context.Step.GetString("value"));
        return ValueTask.FromResult(ActivityResult.Done("done"));
    }
}
