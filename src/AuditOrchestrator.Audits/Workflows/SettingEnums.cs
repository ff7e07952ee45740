using System.Collections.Immutable;
using System.Text.Json;
using AuditOrchestrator.Engine.Definitions;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// An enum setting's members as definitions spell them: PascalCase members written in kebab case
/// (<c>StillOpen</c> is <c>still-open</c>), so one enum gives both a descriptor's allowed values, in declaration
/// order, and the typed value a step holds.
/// </summary>
internal static class SettingEnums
{
    public static ImmutableArray<string> Names<TEnum>() where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().Select(Name)];

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>The step's value of the enum setting; validation admits only the allowed names, so any other is a bug.</summary>
    public static TEnum Read<TEnum>(StepDefinition step, string setting) where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(step);
        var text = step.GetString(setting);
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Name(value), text, StringComparison.Ordinal))
            {
                return value;
            }
        }
        throw new InvalidOperationException($"Step '{step.Id}': unknown '{setting}': {text}.");
    }
}
