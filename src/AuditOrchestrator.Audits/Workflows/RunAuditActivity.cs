using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Chart node A: runs the audit's checks. Leaves the report in <c>report</c>, the findings in <c>findings</c> and one
/// follow-up item per person with findings in <c>items</c>. Also makes sure the run has its audit_runs row.
/// </summary>
public sealed class RunAuditActivity(AuditRuns runs) : IActivity
{
    public const string ActivityName = "RunAudit";

    public string Name => ActivityName;

    /// <summary>Its descriptor: the "audit" setting takes the name of any registered audit.</summary>
    public static ActivityDescriptor Describe(AuditCatalog audits)
    {
        ArgumentNullException.ThrowIfNull(audits);
        return new(ActivityName, "Runs the audit's checks; one follow-up item per person with findings.",
            [new("audit", SettingType.Enum, "Which audit to run.", Required: true) { AllowedValues = [.. audits.Keys.Select(k => k.Name)] }],
            ["done"]);
    }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var audit = context.Services.GetRequiredService<AuditCatalog>().Find(RunAuditSettings.From(context.Step).Audit);
        var kind = context.State().Kind ?? RunKinds.Manual;
        await runs.EnsureAsync(context.InstanceId, audit.CliName(), kind, context.CancellationToken);
        // Recorded, so a retry after a crash follows up the findings of this pass rather than a later one's.
        var result = await context.SideEffectAsync("audit", async (_, ct) =>
        {
            var runner = context.Services.GetRequiredService<AuditRunner>();
            var pass = await runner.RunAsync(audit, ct);
            // Written where the pass runs, so a retry that replays the recorded pass does not record its lists twice.
            RunRecordEntries.TeamDataVersion(context, pass.Team.Version, "audit");
            RunRecordEntries.VendorAccounts(context, pass.Accounts, "audit");
            var report = await runner.CompleteReportAsync(pass, context.InstanceId, ct);
            return new JsonObject
            {
                ["report"] = report,
                ["findings"] = new JsonArray([.. pass.Findings.Select(FollowUpItems.ToJson)]),
                ["items"] = FollowUpItems.Build(pass, context.InstanceId),
                ["teamErrors"] = new JsonArray([.. pass.Team.Errors.Select(e => JsonValue.Create(e))]),
                ["teamWarnings"] = new JsonArray([.. pass.Team.Warnings.Select(w => JsonValue.Create(w))]),
            };
        }) as JsonObject ?? throw new InvalidOperationException("The audit pass recorded no result.");
        var state = context.State();
        state.Report = result["report"]?.DeepClone();
        state.Findings = result["findings"]?.DeepClone();
        state.Items = result["items"]?.DeepClone().AsArray();
        // One journal entry per problem of the team data, from this run's one load of it (re-checks do not repeat them).
        foreach (var error in result["teamErrors"]?.AsArray() ?? [])
        {
            context.Record("team-data-error", new JsonObject { ["message"] = error?.DeepClone() });
        }
        foreach (var warning in result["teamWarnings"]?.AsArray() ?? [])
        {
            context.Record("team-data-warning", new JsonObject { ["message"] = warning?.DeepClone() });
        }
        context.Record("audit-ran", new JsonObject
        {
            ["findings"] = result["findings"]?.AsArray().Count ?? 0,
            ["items"] = result["items"]?.AsArray().Count ?? 0,
        });
        return ActivityResult.Done("done");
    }
}

/// <summary>
/// A RunAudit step's settings. The audit stays its registered name: the set of audits is what the catalog holds, not
/// a closed enum.
/// </summary>
public sealed record RunAuditSettings(string Audit)
{
    public static RunAuditSettings From(StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(step.GetString("audit"));
    }
}
