using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Definitions;

public sealed partial record WorkflowDefinition
{
    /// <summary>
    /// A copy in which every step holds each setting its activity gives a default for, so a stored version keeps
    /// the defaults of the day it was imported. Steps of unknown activities are left as they are.
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
            if (descriptor.Default is { } value && !settings.ContainsKey(descriptor.Name))
            {
                settings = settings.Add(descriptor.Name, value);
            }
        }
        return step with { Settings = settings };
    }
}
