using System.Collections.Immutable;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>
/// Descriptors of the engine's own activities (the runtime implements them). RecordEffect and Fail exist for tests
/// of the runtime: one records an effect under a key, the other faults a given number of times before succeeding.
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
    public const string RecordEffect = "RecordEffect";
    public const string Fail = "Fail";

    private const string VariablePattern = "[A-Za-z_][A-Za-z0-9_.]*";

    public static ImmutableArray<ActivityDescriptor> Descriptors { get; } =
    [
        new(Wait, "Waits for a duration on the service clock.",
            [
                new("duration", SettingType.Duration, "How long to wait, e.g. 3.00:00:00 for 72 hours.", Required: true)
                {
                    Min = SettingValue.FromDuration(TimeSpan.FromSeconds(1)),
                },
            ],
            ["elapsed"]),
        new(WaitUntil, "Waits until the time held in a variable (ISO 8601), on the service clock.",
            [
                new("variable", SettingType.String, "The variable holding the time to wait for.", Required: true) { Pattern = VariablePattern },
            ],
            ["elapsed"]),
        new(WaitForSignal, "Waits until a named signal arrives (a webhook or an admin action), or until the timeout.",
            [
                new("signal", SettingType.String, "The name of the signal to wait for.", Required: true) { Pattern = @"\S.*" },
                new("timeout", SettingType.Duration, "Give up after this long; no timeout when unset.")
                {
                    Min = SettingValue.FromDuration(TimeSpan.FromSeconds(1)),
                },
            ],
            ["signalled", "timed-out"]),
        new(Decision, "Branches on a variable: yes when it is set and true (or equals the given value), no otherwise.",
            [
                new("variable", SettingType.String, "The variable to test.", Required: true) { Pattern = VariablePattern },
                new("equals", SettingType.String, "Compare the variable with this text instead of testing it for true."),
            ],
            ["yes", "no"]),
        new(SetVariable, "Sets a variable of the instance.",
            [
                new("name", SettingType.String, "The variable to set.", Required: true) { Pattern = VariablePattern },
                new("value", SettingType.String, "The text to store.", Required: true),
            ],
            ["done"]),
        new(FanOut, "Starts one child instance per item of a list variable and waits until every child has completed.",
            [
                new("definition", SettingType.String, "The id of the child definition.", Required: true)
                {
                    Pattern = Identifiers.IdPattern,
                },
                new("items", SettingType.String, "The variable holding the list of items.", Required: true)
                {
                    Pattern = VariablePattern,
                },
            ],
            ["all-done"]),
        new(Branches, "Starts one child instance of each listed definition, in parallel, and waits until every one has completed.",
            [
                new("definitions", SettingType.StringList, "The ids of the child definitions, one child each.", Required: true)
                {
                    Pattern = Identifiers.IdPattern,
                },
                new("share", SettingType.StringList, "The variables copied into each child.", SettingValue.FromStringList([]))
                {
                    Pattern = VariablePattern,
                },
            ],
            ["all-done"]),
        new(RecordEffect, "Test activity: records a side effect under a key, once.",
            [new("key", SettingType.String, "The idempotency key of the effect.", Required: true)],
            ["done"]),
        new(Fail, "Test activity: faults the given number of times, then succeeds.",
            [
                new("times", SettingType.Int, "How many attempts fail before one succeeds.", SettingValue.FromInt(1))
                {
                    Min = SettingValue.FromInt(0),
                },
                new("signal", SettingType.String, "Wait for this signal first and fail only once resumed by it.") { Pattern = @"\S.*" },
            ],
            ["done"]),
    ];
}
