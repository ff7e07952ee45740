using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.Calendly;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows.Calendly;

/// <summary>
/// Picks the items a Calendly flow follows up and leaves them in <c>items</c>: <c>members</c> (the member findings,
/// chart 001's follow-up), <c>review</c> (accounts not on the team and the owner count: chart 001's "Based on Calendly
/// review" B) or <c>all</c> (chart 002's C, the review inline). For <c>review</c> and <c>all</c> it grabs the list of
/// who is in the Calendly organisation (once, recorded), so each account not on the team carries its membership.
/// </summary>
public sealed class SelectCalendlyItemsActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("SelectCalendlyItems", "Picks the items a Calendly flow follows up: the member findings, the Calendly review's (accounts not on the team, owner count, with their memberships), or all.",
        [
            new("take", SettingType.Enum, "members, review or all.", Required: true) { AllowedValues = SettingEnums.Names<CalendlyTake>() },
        ],
        ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var take = SelectCalendlyItemsSettings.From(context.Step).Take;
        var items = context.State().Items ?? throw new InvalidOperationException("There are no items: the audit step must come first.");
        var memberships = new List<CalendlyMembership>();
        if (take != CalendlyTake.Members)
        {
            // Recorded, so a retry after a crash follows up the memberships this pass listed.
            var listed = await context.SideEffectAsync("memberships", async (_, ct) =>
            {
                var snapshot = await context.Services.GetRequiredService<CalendlyClient>().FetchSnapshotAsync(ct);
                return new JsonArray([.. snapshot.Memberships.Select(m => new JsonObject
                {
                    ["uri"] = m.Uri,
                    ["role"] = m.Role,
                    ["name"] = m.Name,
                    ["email"] = m.Email,
                })]);
            }) as JsonArray ?? [];
            memberships.AddRange(listed.OfType<JsonObject>().Select(m => new CalendlyMembership(
                StepVariables.String(m, "uri")!, StepVariables.String(m, "role") ?? "user", StepVariables.String(m, "name") ?? "",
                StepVariables.String(m, "email") ?? "", null)));
        }
        var selected = CalendlyReview.Select(items, take, memberships);
        context.State().Items = selected;
        context.Record("items-selected", new JsonObject
        {
            ["take"] = SettingEnums.Name(take),
            ["items"] = new JsonArray([.. selected.OfType<JsonObject>().Select(i => JsonValue.Create(StepVariables.String(i, "id")))]),
            ["memberships"] = take == CalendlyTake.Members ? null : memberships.Count,
        });
        return ActivityResult.Done("done");
    }
}

/// <summary>Which items a Calendly flow follows up.</summary>
public enum CalendlyTake
{
    /// <summary>The member findings (chart 001's follow-up).</summary>
    Members,

    /// <summary>The Calendly review's: accounts not on the team and the owner count (chart 001's B).</summary>
    Review,

    /// <summary>Both, the review inline (chart 002's C).</summary>
    All,
}

/// <summary>A SelectCalendlyItems step's settings.</summary>
public sealed record SelectCalendlyItemsSettings(CalendlyTake Take)
{
    public static SelectCalendlyItemsSettings From(StepDefinition step) => new(SettingEnums.Read<CalendlyTake>(step, "take"));
}
