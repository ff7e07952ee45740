using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Engine.Telemetry;

/// <summary>The logger scope of a running instance: its run's id and its own, on every line logged meanwhile.</summary>
public static class RunScope
{
    public const string RunId = "RunId";
    public const string InstanceId = "InstanceId";
    public const string Definition = "Definition";

    internal static IReadOnlyList<KeyValuePair<string, object?>> Of(InstanceState instance) =>
    [
        new(RunId, RunOf(instance)),
        new(InstanceId, instance.Id),
        new(Definition, instance.DefinitionId),
    ];

    /// <summary>
    /// A run is its audit's root instance. Items carry their run's id in <c>item.runId</c> (they may sit below a
    /// Branches flow); other children name their parent; a root is its own run.
    /// </summary>
    private static Guid RunOf(InstanceState instance) =>
        instance.Variables["item"] is JsonObject item && Guid.TryParse(Text(item["runId"]), out var run) ? run
        : Guid.TryParse(Text(instance.Variables["runId"]), out var shared) ? shared
        : instance.ParentId ?? instance.Id;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
