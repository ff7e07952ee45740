using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Definitions;

public sealed partial record WorkflowDefinition
{
    /// <summary>
    /// A copy in which every step holds each setting its activity gives a default for, so a stored version keeps
    /// the defaults of the day it was imported; a text value of an enum setting (or the reverse, as a designer may
    /// send) takes the type its descriptor names. Steps of unknown activities are left as they are.
    /// The parser returns definitions in this form; call it on a validated designer definition before storing it.
    /// </summary>
    public WorkflowDefinition WithDefaults(ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return this with
        {
            Steps = [.. Steps.Select(step => registry.TryGet(step.Activity, out var activity) ? WithDefaults(step, activity) : step)],
        };
    }

    private static StepDefinition WithDefaults(StepDefinition step, ActivityDescriptor activity)
    {
        var settings = step.Settings;
        foreach (var descriptor in activity.Settings)
        {
            if (!settings.TryGetValue(descriptor.Name, out var value))
            {
                if (descriptor.Default is { } fallback)
                {
                    settings = settings.Add(descriptor.Name, fallback);
                }
            }
            else if (value.Type != descriptor.Type && value.Type is SettingType.String or SettingType.Enum)
            {
                settings = descriptor.Type switch
                {
                    SettingType.Enum => settings.SetItem(descriptor.Name, SettingValue.FromEnum(value.AsString())),
                    SettingType.String => settings.SetItem(descriptor.Name, SettingValue.FromString(value.AsString())),
                    _ => settings,
                };
            }
        }
        return step with { Settings = settings };
    }
}
