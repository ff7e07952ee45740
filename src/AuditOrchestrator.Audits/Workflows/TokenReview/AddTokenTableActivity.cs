using AuditOrchestrator.Audits.Registry;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows.TokenReview;

/// <summary>
/// Token review, chart node B: once the issue exists, its <c>## Notes</c> get the API-token table for a person to fill
/// (token name, owner as a GitLab @username, justification) and the line <c>- [ ] Token table complete</c>, after the
/// report that is already there.
/// </summary>
public sealed class AddTokenTableActivity(AuditRuns runs) : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("AddTokenTable", "Adds the Zendesk API-token table (token name, owner, justification) and its 'Token table complete' box to the issue's Notes.", [], ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        var runId = TokenReviewRun.Id(context);
        var audit = await TokenReviewRun.AuditAsync(runs, context.Services.GetRequiredService<AuditCatalog>(), runId, context.CancellationToken);
        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        var added = await context.SideEffectAsync("token-table", async (_, ct) =>
        {
            // The table is recognised by its task line, so a retry after a crash never adds a second one.
            var notes = await gitlab.ReadNotesSectionAsync(issue.Iid, ct);
            if (TokenTable.IsPresent(notes))
            {
                return JsonValue.Create(false);
            }
            var instance = Zendesk.ZendeskAudit.TokenTableName(audit);
            await gitlab.ReplaceNotesSectionAsync(issue.Iid, TokenTable.AppendTo(notes, instance), ct);
            return JsonValue.Create(true);
        });
        var state = context.State();
        state.RunId = runId.ToString();
        state.Audit = audit.CliName();
        state.Tokens ??= [];
        context.Record("token-table-added", new JsonObject { ["added"] = added?.DeepClone() });
        return ActivityResult.Done("done");
    }
}

/// <summary>Which run a token review belongs to: it runs as a branch of the audit instance, which is the run.</summary>
internal static class TokenReviewRun
{
    public static Guid Id(ActivityContext context) =>
        context.State().RunId is { } id ? Guid.Parse(id) : context.ParentId ?? context.InstanceId;

    public static async Task<AuditKind> AuditAsync(AuditRuns runs, AuditCatalog catalog, Guid runId, CancellationToken ct) =>
        catalog.Find((await runs.FindAsync(runId, ct))?.Audit ?? AuditKind.Zendesk.CliName());
}
