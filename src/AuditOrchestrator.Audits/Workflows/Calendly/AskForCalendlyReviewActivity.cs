using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Workflows.Calendly;

/// <summary>
/// Chart K ("Ping Support Operations Manager for review"), once every flow of the run has ended: a note on the issue
/// listing each item's state (from every flow) and the Calendly memberships that go when the SOM approves; the
/// approval emoji counts on this note. The list is kept in <c>removals</c>: what the SOM approves is what is removed.
/// With <c>dm</c> (chart 002's J, not everything addressed) the SOM is also reached by a Slack DM pointing to the note.
/// </summary>
public sealed class AskForCalendlyReviewActivity(AuditRuns runs, InstanceQueries instances, IOptions<SlackOptions> slackOptions) : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("AskForCalendlyReview", "Asks the run's SOM to review: a note listing every item's state and the Calendly memberships removed on approval; with dm, also a Slack DM to the SOM.",
        [new("dm", SettingType.Bool, "Also reach the SOM by a Slack DM (chart 002's J).", SettingValue.FromBool(false))],
        ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        var som = await StepVariables.SomAsync(runs, context);
        var reviewed = (await RunItems.ListAsync(instances, context.InstanceId, context.CancellationToken))
            .Select(d => new ReviewedItem(
                d.State().Item!,
                ItemStates.Of(d.Instance.Status, d.State().State),
                AskForReviewActivity.LastCountedAnswer(d.Variables)))
            .ToList();
        var removals = CalendlyReview.Removals(reviewed);
        var title = StepVariables.String(context.State().Issue, "title") ?? "this audit";
        var note = await ReviewNotes.PostAsync(context, issue.Iid, som, CalendlyReview.ReviewNote(som, title, reviewed, removals));
        context.State().Review = note.DeepClone();
        context.State().Removals = new JsonArray([.. removals.Select(r => (JsonNode)r.DeepClone())]);
        context.Record("review-requested", new JsonObject
        {
            ["noteId"] = note["noteId"]?.DeepClone(),
            ["som"] = som,
            ["removals"] = new JsonArray([.. removals.Select(r => JsonValue.Create(StepVariables.String(r, "email")))]),
        });

        if (AskForCalendlyReviewSettings.From(context.Step).DirectMessage)
        {
            var link = $"{issue.WebUrl}#note_{note["noteId"]}";
            await DirectMessageAsync(context, som, CalendlyReview.ReviewDm(title, link, reviewed, removals.Count));
        }
        return ActivityResult.Done("done");
    }

    private async Task DirectMessageAsync(ActivityContext context, string som, string text)
    {
        if (string.IsNullOrWhiteSpace(slackOptions.Value.Token))
        {
            context.Record("dm-skipped", new JsonObject { ["reason"] = "Slack is not configured (Slack__Token)" });
            return;
        }
        var team = await context.Services.GetRequiredService<TeamSourceResolver>().LoadAsync(context.CancellationToken);
        if (team.ByGitLabUsername(som)?.Slack?.Id is not { Length: > 0 } slackId)
        {
            context.Record("dm-skipped", new JsonObject { ["reason"] = $"no Slack id for the SOM {som} in the team data" });
            return;
        }
        var slack = context.Services.GetRequiredService<SlackClient>();
        var sent = await context.SideEffectAsync("dm", async (key, ct) =>
        {
            // If the process dies after the post, the retry finds the message by its key in the DM's history.
            var message = await slack.SendDirectMessageOnceAsync(slackId, key, text, ct);
            return new JsonObject { ["channel"] = message.Channel, ["ts"] = message.Ts };
        });
        context.Record("som-messaged", new JsonObject { ["som"] = som, ["channel"] = sent?["channel"]?.DeepClone(), ["ts"] = sent?["ts"]?.DeepClone() });
    }
}

/// <summary>An AskForCalendlyReview step's settings: <c>dm</c>, whether the SOM also gets a Slack DM.</summary>
public sealed record AskForCalendlyReviewSettings(bool DirectMessage)
{
    public static AskForCalendlyReviewSettings From(StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(step.GetBool("dm"));
    }
}
