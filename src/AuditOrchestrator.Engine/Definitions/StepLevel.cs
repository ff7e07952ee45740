namespace AuditOrchestrator.Engine.Definitions;

/// <summary>Whether a step belongs to the audit as a whole or to one item (a person's findings, a token owner).</summary>
public enum StepLevel
{
    Audit,
    Item,
}
