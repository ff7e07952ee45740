using System.Net;
using System.Text.Json.Nodes;
using System.Collections.Immutable;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Chart node B: creates the audit issue in <c>GitLab__AuditProject</c> from the issue template with the report in
/// <c>## Notes</c>, labelled and assigned to the run's SOM, and claims it in audit_issues so GitLab events about it
/// reach the run. Each item learns the issue it is followed up on.
/// </summary>
public sealed class CreateAuditIssueActivity(AuditRuns runs) : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("CreateAuditIssue", "Creates the audit issue from the template, with the report in its Notes, assigned to the run's SOM.",
        [
            new("template", SettingType.String, "The issue template's name in the audit project.", Required: true),
            new("title", SettingType.String, "The issue title; the fiscal period is appended.", Required: true),
            new("labels", SettingType.StringList, "Labels of the issue.", SettingValue.FromStringList(["audit"])),
        ],
        ["done"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var run = await runs.FindAsync(context.InstanceId, context.CancellationToken)
            ?? throw new InvalidOperationException("The run has no audit_runs row: the audit step must come first.");
        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        var settings = CreateAuditIssueSettings.From(context.Step);
        var templateName = settings.Template;
        var created = await context.SideEffectAsync("issue", async (key, ct) =>
        {
            var template = await TemplateAsync(gitlab, templateName, ct);
            var description = IssueNotesSection.Replace(template ?? MissingTemplate, context.State().ReportText ?? "");
            var assignee = run.Som is null ? null : await gitlab.FindUserAsync(run.Som, ct);
            var title = $"{settings.Title} {run.Period}";
            // If the process dies after this, the next attempt finds the issue by its key; the claim below is idempotent.
            var issue = await gitlab.CreateIssueOnceAsync(key, new NewIssue(title, description,
                [.. settings.Labels], assignee is null ? [] : [assignee.Id]), ct);
            var reference = new AuditIssueRef(issue.ProjectId, issue.Iid, issue.WebUrl);
            await runs.RecordIssueAsync(context.InstanceId, reference, ct);
            var json = StepVariables.ToJson(reference);
            json["title"] = issue.Title;
            json["templateMissing"] = template is null;
            return json;
        }) as JsonObject ?? throw new InvalidOperationException("The issue step recorded no issue.");

        if (created["templateMissing"]?.GetValue<bool>() == true)
        {
            // A warning on the run's journal; the run alerts pass tells the SOM and the notification targets, once.
            context.Record(IssueTemplateMissing, new JsonObject
            {
                ["template"] = templateName,
                ["message"] = $"The issue template '{templateName}' is not in the audit project (.gitlab/issue_templates/{templateName}.md in GitLab__AuditProject): "
                    + "the issue was written from a bare '## Notes' section instead. Add the template for the next run.",
            });
            created.Remove("templateMissing");
        }

        context.State().Issue = created.DeepClone().AsObject();
        foreach (var item in context.State().Items?.OfType<JsonObject>() ?? [])
        {
            item["issue"] = created.DeepClone();
        }
        context.Record("issue-created", created.DeepClone().AsObject());
        return ActivityResult.Done("done");
    }

    /// <summary>The journal kind of the run warning a missing template leaves (a run alert of kind <c>warning</c>).</summary>
    public const string IssueTemplateMissing = "issue-template-missing";

    private const string MissingTemplate = "## Notes\n";

    /// <summary>The template's text, or null when the audit project has no such template.</summary>
    private static async Task<string?> TemplateAsync(GitLabClient gitlab, string name, CancellationToken ct)
    {
        try
        {
            return await gitlab.GetIssueTemplateAsync(name, ct);
        }
        catch (VendorApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}

/// <summary>A CreateAuditIssue step's settings: the template's name, the title before the period, the labels.</summary>
public sealed record CreateAuditIssueSettings(string Template, string Title, ImmutableArray<string> Labels)
{
    public static CreateAuditIssueSettings From(StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(step.GetString("template"), step.GetString("title"), step.GetStringList("labels"));
    }
}
