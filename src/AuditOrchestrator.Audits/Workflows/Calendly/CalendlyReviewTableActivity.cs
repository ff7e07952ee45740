using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows.Calendly;

/// <summary>
/// Chart 002's D, "Fill out the tables": the issue's <c>## Notes</c> become the audit's report followed by the
/// Calendly review table (accounts not on the team, owner count, the admins rule). Rewriting the same content is a no-op, so a retry
/// changes nothing.
/// </summary>
public sealed class CalendlyReviewTableActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("CalendlyReviewTable", "Writes the Calendly review table (accounts not on the team, owner count, the admins rule) into the issue's Notes, under the report.", [], ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        var items = context.State().Items ?? [];
        var report = context.State().ReportText ?? "";
        var notes = report.TrimEnd() + "\n\n" + CalendlyReview.Table(items);
        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        await context.SideEffectAsync("table", async (_, ct) =>
        {
            await gitlab.ReplaceNotesSectionAsync(issue.Iid, notes, ct);
            return JsonValue.Create(true);
        });
        context.Record("review-table-written", new JsonObject { ["rows"] = items.OfType<JsonObject>().Count(CalendlyReview.IsReviewItem) });
        return ActivityResult.Done("done");
    }
}
