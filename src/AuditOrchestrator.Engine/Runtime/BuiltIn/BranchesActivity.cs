using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

/// <summary>
/// Runs several flows side by side: one child instance of each listed definition, each given a copy of the shared
/// variables. Resumes when all have finished, with their ids, statuses and outcomes in the variable <c>children</c>.
/// </summary>
public sealed class BranchesActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(BuiltInActivities.Branches, "Starts one child instance of each listed definition, in parallel, and waits until every one has completed.",
        [
            new("definitions", SettingType.StringList, "The ids of the child definitions, one child each.", Required: true)
            {
                Pattern = Identifiers.IdPattern,
            },
            new("share", SettingType.StringList, "The variables copied into each child.", SettingValue.FromStringList([]))
            {
                Pattern = BuiltInActivities.VariablePattern,
            },
        ],
        ["all-done"]);

    public string Name => Descriptor.Name;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Resume?.Kind == ResumeInfo.ChildrenKind)
        {
            Variables.KeepChildren(context);
            return ValueTask.FromResult(ActivityResult.Done("all-done"));
        }
        var shared = new JsonObject();
        foreach (var name in context.Step.GetStringList("share"))
        {
            shared[name] = context.Variables[name]?.DeepClone();
        }
        var branches = context.Step.GetStringList("definitions")
            .Select(definition => new BookmarkRequest.Children(definition, [(JsonObject)shared.DeepClone()]));
        return ValueTask.FromResult(ActivityResult.WaitFor(branches));
    }
}
