using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Integrations.Slack;
using AuditOrchestrator.Integrations.SupportTeam;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>
/// Chart 000's H: a Slack DM to the run's SOM (Slack id from the team data) listing the items not addressed, once:
/// the step's idempotency key rides in the message's metadata and is looked for before posting. When the SOM cannot
/// be reached on Slack (no Slack id), the reason is journalled and the run goes on to the review note on the issue.
/// </summary>
public sealed class DirectMessageSomActivity(AuditRuns runs, InstanceQueries instances, TeamSourceResolver teams) : IActivity
{
    public string Name => WorkflowActivities.DirectMessageSom;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var som = await StepVariables.SomAsync(runs, context);
        var issue = StepVariables.Issue(context);
        var title = StepVariables.String(context.Variables["issue"] as JsonObject, "title") ?? "the access audit";
        var open = RunItems.NotAddressed(await RunItems.ReadAsync(instances, context.InstanceId, context.CancellationToken));
        var slack = context.Services.GetRequiredService<SlackClient>();
        var sent = await context.SideEffectAsync("dm", async (key, ct) =>
        {
            var slackId = (await teams.LoadAsync(ct)).ByGitLabUsername(som)?.Slack?.Id;
            if (string.IsNullOrWhiteSpace(slackId))
            {
                return new JsonObject { ["som"] = som, ["skipped"] = "the SOM has no Slack id in the team data" };
            }
            var message = await slack.SendDirectMessageOnceAsync(slackId, key, FollowUpMessages.SomDirectMessage(title, issue.WebUrl, open), ct);
            return new JsonObject { ["som"] = som, ["channel"] = message.Channel, ["ts"] = message.Ts };
        }) as JsonObject ?? throw new InvalidOperationException("The Slack message was not recorded.");
        sent["items"] = new JsonArray([.. open.Select(i => JsonValue.Create(i.Id))]);
        context.Record(sent["skipped"] is null ? "som-messaged" : "som-message-skipped", sent);
        return ActivityResult.Done("done");
    }
}
