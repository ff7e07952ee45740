using System.Collections.Immutable;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>The retry policy settings every activity accepts; the runtime reads them when a step faults.</summary>
public static class RetrySettings
{
    public const string MaxAttempts = "retry.maxAttempts";
    public const string InitialDelay = "retry.initialDelay";
    public const string MaxDelay = "retry.maxDelay";

    public static ImmutableArray<SettingDescriptor> All { get; } =
    [
        new(MaxAttempts, SettingType.Int, "How many times the step is tried before it faults.", SettingValue.FromInt(5))
        {
            Min = SettingValue.FromInt(1),
            Max = SettingValue.FromInt(100),
        },
        new(InitialDelay, SettingType.Duration, "Delay before the first retry; it doubles on each further attempt.",
            SettingValue.FromDuration(TimeSpan.FromSeconds(2)))
        {
            Min = SettingValue.FromDuration(TimeSpan.Zero),
        },
        new(MaxDelay, SettingType.Duration, "The longest delay between two attempts.",
            SettingValue.FromDuration(TimeSpan.FromMinutes(5)))
        {
            Min = SettingValue.FromDuration(TimeSpan.Zero),
        },
    ];
}
