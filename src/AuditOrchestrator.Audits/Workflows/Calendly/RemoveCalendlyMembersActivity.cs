using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.Calendly;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows.Calendly;

/// <summary>
/// After the SOM approved the review, and only then: removes the Calendly memberships the review note listed
/// (<c>removals</c>), one journal entry each. Each removal is its own recorded effect: a retry after a failed attempt
/// replays the removals already recorded; a retry after a crash (nothing recorded) deletes again by the same uuid,
/// and Calendly's 404 for a membership already gone counts as removed. Nothing is deleted twice, nothing fails.
/// </summary>
public sealed class RemoveCalendlyMembersActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("RemoveCalendlyMembers", "After the SOM's approval, removes the Calendly memberships the review listed, one journal entry each.", [], ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = context.State();
        if (state.Approval is null)
        {
            throw new InvalidOperationException("Calendly memberships are removed only after the SOM's approval.");
        }
        var calendly = context.Services.GetRequiredService<CalendlyClient>();
        var approver = StepVariables.String(state.Approval, "author");
        foreach (var membership in (state.Removals ?? []).OfType<JsonObject>())
        {
            var uuid = StepVariables.String(membership, "uuid") ?? throw new InvalidOperationException("A removal has no membership uuid.");
            // The entry is written where the deletion runs, so a retry that replays a recorded removal adds none.
            await context.SideEffectAsync($"remove-{uuid}", async (_, ct) =>
            {
                var deleted = await calendly.RemoveMembershipAsync(uuid, ct);
                context.Record("membership-removed", new JsonObject
                {
                    ["email"] = StepVariables.String(membership, "email"),
                    ["uuid"] = uuid,
                    ["role"] = StepVariables.String(membership, "role"),
                    // "gone": not there when asked (removed by an attempt whose answer was lost, or by hand).
                    ["result"] = deleted ? "deleted" : "gone",
                }, approver);
                return JsonValue.Create(deleted);
            });
        }
        return ActivityResult.Done("done");
    }
}
