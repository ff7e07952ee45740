using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Integrations.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>Chart node M: the SOM approved with the emoji, so the workflow closes the issue for them (once).</summary>
public sealed class CloseAuditIssueActivity : IActivity
{
    public string Name => WorkflowActivities.CloseAuditIssue;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        var closed = await context.SideEffectAsync("close", async (_, ct) =>
        {
            // Closing is naturally idempotent; reading first keeps a retry from adding a second "closed" event.
            if ((await gitlab.GetIssueAsync(issue.Iid, ct)).IsClosed)
            {
                return JsonValue.Create(false);
            }
            await gitlab.CloseIssueAsync(issue.Iid, ct);
            return JsonValue.Create(true);
        });
        context.Record("issue-closed", new JsonObject { ["byWorkflow"] = closed?.DeepClone() });
        return ActivityResult.Done("done");
    }
}
