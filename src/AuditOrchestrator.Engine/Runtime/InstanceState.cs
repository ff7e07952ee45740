using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>An instance as the executor holds it between claim and commit.</summary>
internal sealed class InstanceState
{
    public required Guid Id { get; init; }
    public required string DefinitionId { get; init; }
    public required int DefinitionVersion { get; init; }
    public required InstanceStatus Status { get; set; }
    public required string? CurrentStep { get; set; }
    public required int StepCount { get; set; }
    public required int Attempt { get; set; }
    public required JsonObject Variables { get; init; }
    public required ResumeInfo? Resume { get; set; }
    public required Guid? ParentId { get; init; }
    public required string? CorrelationKey { get; init; }
    public required long Revision { get; set; }
}
