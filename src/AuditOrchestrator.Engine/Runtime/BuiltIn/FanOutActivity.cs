using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

/// <summary>
/// One child instance per element of a list variable; each child gets the element as its variable <c>item</c>
/// (and <c>correlationKey</c> as its correlation key, when the element has one). Resumes when all have finished,
/// with their ids, statuses and outcomes in the variable <c>children</c>.
/// </summary>
public sealed class FanOutActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(BuiltInActivities.FanOut, "Starts one child instance per item of a list variable and waits until every child has completed.",
        [
            new("definition", SettingType.String, "The id of the child definition.", Required: true)
            {
                Pattern = Identifiers.IdPattern,
            },
            new("items", SettingType.String, "The variable holding the list of items.", Required: true)
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
        var itemsPath = context.Step.GetString("items");
        var items = Variables.Get(context.Variables, itemsPath) as JsonArray
            ?? throw new InvalidOperationException($"Variable '{itemsPath}' is not a list.");
        var children = items.Select(item => new JsonObject
        {
            ["item"] = item?.DeepClone(),
            ["correlationKey"] = (item as JsonObject)?["correlationKey"]?.DeepClone(),
        }).ToList();
        return ValueTask.FromResult(ActivityResult.WaitFor(new BookmarkRequest.Children(context.Step.GetString("definition"), children)));
    }
}
