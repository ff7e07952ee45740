using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Integrations.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Integrations.Workflows.Calendly;

/// <summary>
/// Chart 002's H (and 000's): one reply on the item's thread pinging the person's manager and the run's SOM together.
/// An item without a person on the team, or a person without a manager, pings the SOM alone, with the reason journalled.
/// </summary>
public sealed class PingManagerAndSomActivity(AuditRuns runs) : IActivity
{
    public string Name => CalendlyActivities.PingManagerAndSom;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var item = StepVariables.Item(context);
        var issue = StepVariables.Issue(context);
        var thread = context.Variables["thread"] as JsonObject ?? throw new InvalidOperationException("The item has no thread yet: the first ping must come first.");
        var discussionId = StepVariables.String(thread, "discussionId")!;
        var som = await StepVariables.SomAsync(runs, context);
        var skipManager = PingActivity.SkipManagerBecause(item);
        var manager = skipManager is null ? StepVariables.String(item, "manager") : null;
        if (skipManager is not null)
        {
            context.Record("manager-step-skipped", new JsonObject { ["reason"] = skipManager });
        }
        var mentions = manager is null || string.Equals(manager, som, StringComparison.OrdinalIgnoreCase) ? new[] { som } : [manager, som];
        var body = ManagerAndSomPing(mentions, item);
        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        var note = await context.SideEffectAsync("reply", async (key, ct) =>
        {
            var posted = await gitlab.ReplyOnceAsync(issue.Iid, discussionId, key, body, ct);
            return new JsonObject { ["noteId"] = posted.Note.Id };
        });
        context.Variables["state"] = manager is null ? "escalated-som" : "escalated-manager";
        context.Record("pinged", new JsonObject
        {
            ["whom"] = "manager-and-som",
            ["mention"] = new JsonArray([.. mentions.Select(m => JsonValue.Create(m))]),
            ["noteId"] = note?["noteId"]?.DeepClone(),
        });
        return ActivityResult.Done("pinged");
    }

    public static string ManagerAndSomPing(IReadOnlyList<string> mentions, JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        ArgumentNullException.ThrowIfNull(item);
        var who = StepVariables.String(item, "username") ?? StepVariables.String(item, "person") ?? "the organisation";
        return $"{string.Join(' ', mentions.Select(m => "@" + m))} the findings above about `{who}` are still open 72 hours after the first ping. "
            + "Could you help get them fixed, or explain here why they are intentional?";
    }
}
