namespace AuditOrchestrator.Engine.Activities;

/// <summary>
/// The names of the engine's own activities (the runtime implements them; each class declares its descriptor).
/// </summary>
public static class BuiltInActivities
{
    public const string Wait = "Wait";
    public const string WaitUntil = "WaitUntil";
    public const string WaitForSignal = "WaitForSignal";
    public const string Decision = "Decision";
    public const string SetVariable = "SetVariable";
    public const string FanOut = "FanOut";
    public const string Branches = "Branches";

    internal const string VariablePattern = "[A-Za-z_][A-Za-z0-9_.]*";
}
