using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

public sealed class DecisionActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(BuiltInActivities.Decision, "Branches on a variable: yes when it is set and true (or equals the given value), no otherwise.",
        [
            new("variable", SettingType.String, "The variable to test.", Required: true) { Pattern = BuiltInActivities.VariablePattern },
            new("equals", SettingType.String, "Compare the variable with this text instead of testing it for true."),
        ],
        ["yes", "no"]);

    public string Name => Descriptor.Name;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var value = Variables.Get(context.Variables, context.Step.GetString("variable"));
        return ValueTask.FromResult(ActivityResult.Done(Variables.Matches(value, context.Step.FindString("equals")) ? "yes" : "no"));
    }
}
