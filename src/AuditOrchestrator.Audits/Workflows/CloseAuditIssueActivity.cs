using AuditOrchestrator.Audits.Registry;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Chart node M: the SOM approved with the emoji, so the workflow closes the issue for them (once). First it reads the
/// vendor's account list again, after the review and its removals, into the run's record: the evidence's "after" list.
/// </summary>
public sealed class CloseAuditIssueActivity(AuditRuns runs) : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("CloseAuditIssue", "Closes the audit issue.", [], ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        await ReadAccountsAfterReviewAsync(context);
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

    // A vendor that cannot be read now does not hold up the close: the record says why the "after" list is missing.
    private async Task ReadAccountsAfterReviewAsync(ActivityContext context)
    {
        if (await runs.FindAsync(StepVariables.RunId(context), context.CancellationToken) is not { } run || !context.Services.GetRequiredService<AuditCatalog>().TryFind(run.Audit, out var audit))
        {
            return;
        }
        await context.SideEffectAsync("accounts-after-review", async (_, ct) =>
        {
            try
            {
                var accounts = await context.Services.GetRequiredService<AuditRunner>().ReadAccountsAsync(audit.Value, ct);
                RunRecordEntries.VendorAccounts(context, accounts, "after-review");
                return JsonValue.Create(true);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not LeaseLostException)
            {
                context.Record(RunRecordEntries.VendorAccountsUnreadKind, new JsonObject { ["phase"] = "after-review", ["error"] = e.Message });
                return JsonValue.Create(false);
            }
        });
    }
}
