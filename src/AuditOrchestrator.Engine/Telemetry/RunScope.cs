using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Engine.Telemetry;

/// <summary>The logger scope of a running instance: its run's id and its own, on every line logged meanwhile.</summary>
public static class RunScope
{
    public const string RunId = "RunId";
    public const string InstanceId = "InstanceId";
    public const string Definition = "Definition";

    /// <summary>
    /// The run an instance's variables name, as the domain that started it knows them (the audits register one); the
    /// engine itself knows no such variable.
    /// </summary>
    public delegate Guid? RunOfVariables(JsonObject variables);

    internal static IReadOnlyList<KeyValuePair<string, object?>> Of(InstanceState instance, RunOfVariables? runOf) =>
    [
        new(RunId, runOf?.Invoke(instance.Variables) ?? instance.ParentId ?? instance.Id),
        new(InstanceId, instance.Id),
        new(Definition, instance.DefinitionId),
    ];
}
