using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Chart 000's H: a Slack DM to the run's SOM (Slack id from the team data) listing the items not addressed, once:
/// the step's idempotency key rides in the message's metadata and is looked for before posting. When the SOM cannot
/// be reached on Slack (Slack not configured, or no Slack id), the reason is journalled and the run goes on to the
/// review note on the issue, which reaches the SOM anyway.
/// </summary>
public sealed class DirectMessageSomActivity(AuditRuns runs, InstanceQueries instances, TeamSourceResolver teams, IOptions<SlackOptions> slackOptions)
    : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("DirectMessageSom", "Sends the run's SOM one Slack DM listing the items not addressed.", [], ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var som = await StepVariables.SomAsync(runs, context);
        var issue = StepVariables.Issue(context);
        var title = StepVariables.String(context.State().Issue, "title") ?? "the access audit";
        var open = RunItems.NotAddressed(await RunItems.ReadAsync(instances, context.InstanceId, context.CancellationToken));
        var slack = context.Services.GetRequiredService<SlackClient>();
        var sent = await context.SideEffectAsync("dm", async (key, ct) =>
        {
            var configured = !string.IsNullOrWhiteSpace(slackOptions.Value.Token);
            var slackId = configured ? (await teams.LoadAsync(ct)).ByGitLabUsername(som)?.Slack?.Id : null;
            if (WhyNoDirectMessage(configured, slackId) is { } reason)
            {
                return new JsonObject { ["som"] = som, ["skipped"] = reason };
            }
            var message = await slack.SendDirectMessageOnceAsync(slackId!, key, FollowUpMessages.SomDirectMessage(title, issue.WebUrl, open), ct);
            return new JsonObject { ["som"] = som, ["channel"] = message.Channel, ["ts"] = message.Ts };
        }) as JsonObject ?? throw new InvalidOperationException("The Slack message was not recorded.");
        sent["items"] = new JsonArray([.. open.Select(i => JsonValue.Create(i.Id))]);
        context.Record(sent["skipped"] is null ? "som-messaged" : "som-message-skipped", sent);
        return ActivityResult.Done("done");
    }

    /// <summary>Why the SOM cannot be sent a DM, or null when they can.</summary>
    public static string? WhyNoDirectMessage(bool slackConfigured, string? somSlackId) =>
        !slackConfigured ? "Slack is not configured (Slack__Token)"
        : string.IsNullOrWhiteSpace(somSlackId) ? "the SOM has no Slack id in the team data"
        : null;
}
