using System.Collections.Immutable;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>
/// A setting an activity understands. <see cref="Min"/>/<see cref="Max"/> apply to Int and Duration settings,
/// <see cref="AllowedValues"/> to Enum settings, <see cref="Pattern"/> (matched against the whole value) to String
/// settings and to each item of a StringList.
/// </summary>
public sealed record SettingDescriptor(
    string Name,
    SettingType Type,
    string Description,
    SettingValue? Default = null,
    bool Required = false)
{
    public SettingValue? Min { get; init; }

    public SettingValue? Max { get; init; }

    public ImmutableArray<string> AllowedValues { get; init; } = [];

    public string? Pattern { get; init; }
}
