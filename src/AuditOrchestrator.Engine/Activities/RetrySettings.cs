using System.Collections.Immutable;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>The retry policy settings every activity accepts; the runtime reads them when a step faults.</summary>
public static class RetrySettings
{
    public const string MaxAttempts = "retry.maxAttempts";
    public const string InitialDelay = "retry.initialDelay";
    public const string MaxDelay = "retry.maxDelay";

    /// <summary>The policy of a step that sets none of the retry.* settings.</summary>
    public const int DefaultMaxAttempts = 5;
    public static readonly TimeSpan DefaultInitialDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromMinutes(5);

    public static ImmutableArray<SettingDescriptor> All { get; } =
    [
        new(MaxAttempts, SettingType.Int, "How many times the step is tried before it faults.", SettingValue.FromInt(DefaultMaxAttempts))
        {
            Min = SettingValue.FromInt(1),
            Max = SettingValue.FromInt(100),
        },
        new(InitialDelay, SettingType.Duration, "Delay before the first retry; it doubles on each further attempt.",
            SettingValue.FromDuration(DefaultInitialDelay))
        {
            Min = SettingValue.FromDuration(TimeSpan.Zero),
        },
        new(MaxDelay, SettingType.Duration, "The longest delay between two attempts.",
            SettingValue.FromDuration(DefaultMaxDelay))
        {
            Min = SettingValue.FromDuration(TimeSpan.Zero),
        },
    ];
}
