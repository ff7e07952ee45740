using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// "Have all issues been addressed?" at the audit level, after the join (chart 000's G, chart 002's I): <c>yes</c> when
/// every item is settled (<see cref="RunItems.IsSettled"/>: addressed, explained or cancelled), <c>no</c> otherwise,
/// with the items not addressed in <c>notAddressed</c>. One implementation for every variant; it also answers to the
/// name Calendly's definitions used before (<c>AllItemsAddressed</c>), so runs started on those versions finish.
/// </summary>
public sealed class AllAddressedActivity(InstanceQueries instances, string name = "AllAddressed") : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("AllAddressed",
        "After the join: yes when every item ended addressed, explained or cancelled, no otherwise (the others in notAddressed).", [], ["yes", "no"]);

    /// <summary>The name Calendly's definitions used before.</summary>
    public static ActivityDescriptor AllItemsAddressedAlias { get; } = new("AllItemsAddressed", "Kept for Calendly runs started on earlier versions: AllAddressed.", [], ["yes", "no"]);

    public string Name => name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var open = RunItems.NotAddressed(await RunItems.ReadAsync(instances, context.InstanceId, context.CancellationToken));
        var list = new JsonArray([.. open.Select(i => new JsonObject { ["id"] = i.Id, ["person"] = i.Person, ["state"] = i.State })]);
        context.State().NotAddressed = list.DeepClone().AsArray();
        context.Record("items-checked", new JsonObject { ["notAddressed"] = list });
        return ActivityResult.Done(open.Count == 0 ? "yes" : "no");
    }
}
