namespace AuditOrchestrator.Engine.Definitions;

/// <summary>An edge: when the step ends with <paramref name="Outcome"/>, the instance goes on to step <paramref name="To"/>.</summary>
public sealed record Transition(string Outcome, string To);
