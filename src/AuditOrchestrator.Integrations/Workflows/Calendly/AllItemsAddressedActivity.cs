using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Integrations.Workflows.Calendly;

/// <summary>
/// Chart 002's I at the audit level, after the join: <c>yes</c> when every item of the run ended addressed or
/// explained, <c>no</c> when any is still open (escalated), which chart 002 takes to a Slack DM to the SOM.
/// </summary>
public sealed class AllItemsAddressedActivity(InstanceQueries instances) : IActivity
{
    public string Name => CalendlyActivities.AllItemsAddressed;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var items = await RunItems.ListAsync(instances, context.InstanceId, context.CancellationToken);
        var states = items.Select(i => StepVariables.String(i.Variables, "state") ?? "open").ToList();
        var all = CalendlyReview.AllAddressed(states);
        context.Record("all-addressed", new JsonObject
        {
            ["answer"] = all,
            ["open"] = new JsonArray([.. items
                .Where(i => !CalendlyReview.AllAddressed([StepVariables.String(i.Variables, "state") ?? "open"]))
                .Select(i => JsonValue.Create(StepVariables.String(i.Variables["item"] as JsonObject, "id")))]),
        });
        return ActivityResult.Done(all ? "yes" : "no");
    }
}
