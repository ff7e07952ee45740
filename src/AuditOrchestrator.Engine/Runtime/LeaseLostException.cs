namespace AuditOrchestrator.Engine.Runtime;

/// <summary>A step was about to make a side effect under a lease this node no longer holds: it stops, uncommitted.</summary>
public sealed class LeaseLostException(Guid instanceId, string stepId)
    : Exception($"Instance {instanceId} no longer holds its lease; step {stepId} stops before its side effect.");
