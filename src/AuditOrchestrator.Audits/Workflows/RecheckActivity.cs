using AuditOrchestrator.Audits.Registry;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Re-runs the audit's checks for the item's person after every wait (chart E, G and I). Nothing failing (or an
/// operator's word) makes the item addressed; an answer with findings still failing makes it explained; both end
/// the escalation. <c>ask</c> says which question the step answers: <c>addressed</c> (yes = addressed or explained)
/// or <c>still-open</c> (yes = neither).
/// </summary>
public sealed class RecheckActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Recheck", "Re-runs the checks for the item's person: addressed, explained (answered but still failing) or open.",
        [
            new("ask", SettingType.Enum, "addressed: yes when addressed or explained; still-open: yes when neither.", SettingValue.FromEnum(SettingEnums.Name(RecheckAsk.Addressed)))
            {
                AllowedValues = SettingEnums.Names<RecheckAsk>(),
            },
        ],
        ["yes", "no"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var settings = RecheckSettings.From(context.Step);
        var item = StepVariables.Item(context);
        var state = context.State();
        var operatorAddressed = state.OperatorAddressed;
        var answered = state.Answered;
        Guid? dueBy = Guid.TryParse(state.RecheckDueBy, out var bookmark) ? bookmark : null;
        state.RecheckDueBy = null;
        var failing = await context.SideEffectAsync("recheck", async (_, ct) =>
        {
            if (operatorAddressed)
            {
                return new JsonArray();
            }
            if (TokenReview.TokenItems.IsToken(item))
            {
                // A token's evidence is its row: justified (or removed) in the issue's token table.
                var description = (await context.Services.GetRequiredService<Vendors.GitLab.GitLabClient>().GetIssueAsync(StepVariables.Issue(context).Iid, ct)).Description;
                // Its row is looked up wherever it is now, even past the limit of rows a review itemises.
                return TokenReview.TokenItems.StillFailing(TokenReview.TokenTable.Parse(description, int.MaxValue), item);
            }
            var pass = await context.Services.GetRequiredService<RecheckPasses>().ForAsync(
                StepVariables.RunId(context), context.Services.GetRequiredService<AuditCatalog>().Find(StepVariables.String(item, "audit")),
                new RecheckDue(dueBy, context.Step.Id, ByTimer: !answered, StepVariables.String(item, "person")), ct);
            RunRecordEntries.TeamDataVersion(context, pass.TeamVersion, "recheck");
            return new JsonArray([.. FollowUpItems.StillFailing(pass.Findings, StepVariables.String(item, "person")).Select(FollowUpItems.ToJson)]);
        }) as JsonArray ?? [];

        var verdict = FollowUpItems.Decide(answered, operatorAddressed, failing.Count);
        var outcome = FollowUpItems.Outcome(verdict, settings.Ask == RecheckAsk.StillOpen);
        if (verdict != ItemVerdict.Open)
        {
            state.State = FollowUpItems.StateOf(verdict);
        }
        state.StillFailing = failing.DeepClone().AsArray();
        context.Record("rechecked", new JsonObject
        {
            ["verdict"] = FollowUpItems.StateOf(verdict),
            ["answered"] = answered,
            ["operator"] = operatorAddressed,
            ["stillFailing"] = failing.Count,
        });
        return ActivityResult.Done(outcome);
    }
}

/// <summary>Which question a Recheck step answers with yes.</summary>
public enum RecheckAsk
{
    /// <summary>Yes when the item is addressed or explained.</summary>
    Addressed,

    /// <summary>Yes when it is neither.</summary>
    StillOpen,
}

/// <summary>A Recheck step's settings.</summary>
public sealed record RecheckSettings(RecheckAsk Ask)
{
    public static RecheckSettings From(StepDefinition step) => new(SettingEnums.Read<RecheckAsk>(step, "ask"));
}
