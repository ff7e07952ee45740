namespace AuditOrchestrator.Engine.Activities;

/// <summary>The kinds of value a step setting can hold. Durations use .NET's TimeSpan format ("3.00:00:00").</summary>
public enum SettingType
{
    String,
    Int,
    Bool,
    Duration,
    Enum,
    StringList,
}
