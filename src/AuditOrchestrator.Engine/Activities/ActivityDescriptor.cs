using System.Collections.Immutable;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>
/// What an activity is: its settings and the outcomes a step of it can end with.
/// With <see cref="DynamicOutcomes"/> the activity decides its outcomes at run time, so any outcome name is accepted.
/// </summary>
public sealed record ActivityDescriptor(
    string Name,
    string Description,
    ImmutableArray<SettingDescriptor> Settings,
    ImmutableArray<string> Outcomes,
    bool DynamicOutcomes = false)
{
    public SettingDescriptor? FindSetting(string name)
    {
        foreach (var setting in Settings)
        {
            if (string.Equals(setting.Name, name, StringComparison.Ordinal))
            {
                return setting;
            }
        }
        return null;
    }

    public bool DeclaresOutcome(string outcome) => DynamicOutcomes || Outcomes.Contains(outcome, StringComparer.Ordinal);
}
