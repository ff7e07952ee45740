using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>
/// Chart 000's G at the audit level, after the join: have all issues been addressed? <c>yes</c> when every item ended
/// addressed or explained, <c>no</c> otherwise, with the items not addressed in <c>notAddressed</c>.
/// </summary>
public sealed class AllAddressedActivity(InstanceQueries instances) : IActivity
{
    public string Name => WorkflowActivities.AllAddressed;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var open = RunItems.NotAddressed(await RunItems.ReadAsync(instances, context.InstanceId, context.CancellationToken));
        var list = new JsonArray([.. open.Select(i => new JsonObject { ["id"] = i.Id, ["person"] = i.Person, ["state"] = i.State })]);
        context.Variables["notAddressed"] = list.DeepClone();
        context.Record("items-checked", new JsonObject { ["notAddressed"] = list });
        return ActivityResult.Done(open.Count == 0 ? "yes" : "no");
    }
}
