using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Integrations.Calendly;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Integrations.Workflows.Calendly;

/// <summary>
/// After the SOM approved the review, and only then: removes the Calendly memberships the review note listed
/// (<c>removals</c>), one journal entry each. Each removal is its own recorded effect; a retry after a crash deletes
/// again by the same uuid, and Calendly's 404 for a membership already gone counts as removed, so nothing is
/// deleted twice and nothing fails.
/// </summary>
public sealed class RemoveCalendlyMembersActivity : IActivity
{
    public string Name => CalendlyActivities.RemoveCalendlyMembers;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Variables["approval"] is null)
        {
            throw new InvalidOperationException("Calendly memberships are removed only after the SOM's approval.");
        }
        var calendly = context.Services.GetRequiredService<CalendlyClient>();
        foreach (var membership in (context.Variables["removals"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var uuid = StepVariables.String(membership, "uuid") ?? throw new InvalidOperationException("A removal has no membership uuid.");
            var removed = await context.SideEffectAsync($"remove-{uuid}", async (_, ct) =>
                JsonValue.Create(await calendly.RemoveMembershipAsync(uuid, ct)));
            context.Record("membership-removed", new JsonObject
            {
                ["email"] = StepVariables.String(membership, "email"),
                ["uuid"] = uuid,
                ["role"] = StepVariables.String(membership, "role"),
                ["result"] = removed?.GetValue<bool>() == true ? "deleted" : "already-gone",
            }, StepVariables.String(context.Variables["approval"] as JsonObject, "author"));
        }
        return ActivityResult.Done("done");
    }
}
