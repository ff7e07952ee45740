using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>Typed reads of the variables the audit and item workflows share.</summary>
internal static class StepVariables
{
    /// <summary>The item of an item instance (set by the audit's fan-out).</summary>
    public static JsonObject Item(ActivityContext context) =>
        context.State().Item ?? throw new InvalidOperationException("This step belongs to an item flow: the instance has no 'item'.");

    /// <summary>The run's id: the audit instance's own id, or the item's run.</summary>
    public static Guid RunId(ActivityContext context) =>
        context.State().Item is { } item && item["runId"]?.GetValue<string>() is { } id ? Guid.Parse(id) : context.InstanceId;

    /// <summary>The run's issue, from the audit's variables or the item's.</summary>
    public static AuditIssueRef Issue(ActivityContext context)
    {
        var state = context.State();
        var issue = (state.Issue ?? state.Item?["issue"]) as JsonObject
            ?? throw new InvalidOperationException("The run has no issue yet.");
        return FromJson(issue);
    }

    public static AuditIssueRef FromJson(JsonObject issue) => new(
        issue["projectId"]!.GetValue<long>(), issue["iid"]!.GetValue<long>(), issue["webUrl"]!.GetValue<string>());

    public static JsonObject ToJson(AuditIssueRef issue) => new()
    {
        ["projectId"] = issue.ProjectId,
        ["iid"] = issue.Iid,
        ["webUrl"] = issue.WebUrl,
    };

    public static string? String(JsonObject? node, string name) => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool Bool(JsonObject? node, string name) => node?[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static long? Long(JsonObject? node, string name) => node?[name] is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    public static async Task<string> SomAsync(AuditRuns runs, ActivityContext context) =>
        (await runs.FindAsync(RunId(context), context.CancellationToken))?.Som
        ?? throw new InvalidOperationException("The run has no Support Operations Manager: set SupportOps__Managers, or change the run's SOM.");
}
