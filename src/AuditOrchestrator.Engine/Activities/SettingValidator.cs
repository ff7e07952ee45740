using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>
/// The one place that decides whether a setting value is acceptable for its descriptor: used by the definition parser
/// and the validator, and by the designer through the API.
/// </summary>
public static class SettingValidator
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Messages describing what is wrong with the value; empty when it is acceptable.</summary>
    public static ImmutableArray<string> Validate(SettingDescriptor descriptor, SettingValue value)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(value);
        if (!IsOfType(value, descriptor.Type))
        {
            return [$"expected {Describe(descriptor.Type)}, got {Describe(value.Type)}"];
        }

        var messages = ImmutableArray.CreateBuilder<string>();
        switch (descriptor.Type)
        {
            case SettingType.Int:
                CheckRange(descriptor, value.AsInt(), descriptor.Min?.AsInt(), descriptor.Max?.AsInt(), messages);
                break;
            case SettingType.Duration:
                if (value.AsDuration() < TimeSpan.Zero)
                {
                    messages.Add($"must not be negative, got {value}");
                }
                CheckRange(descriptor, value.AsDuration(), descriptor.Min?.AsDuration(), descriptor.Max?.AsDuration(), messages);
                break;
            case SettingType.Enum:
                if (!descriptor.AllowedValues.Contains(value.AsString(), StringComparer.Ordinal))
                {
                    messages.Add($"must be one of {string.Join(", ", descriptor.AllowedValues)}, got '{value}'");
                }
                break;
            case SettingType.String:
                CheckPattern(descriptor.Pattern, value.AsString(), messages);
                break;
            case SettingType.StringList:
                foreach (var item in value.AsStringList())
                {
                    CheckPattern(descriptor.Pattern, item, messages);
                }
                break;
            case SettingType.Bool:
                break;
        }
        return messages.ToImmutable();
    }

    /// <summary>A Enum value is also accepted as a plain string (what a designer form sends), and the reverse.</summary>
    private static bool IsOfType(SettingValue value, SettingType type) =>
        value.Type == type
        || (value.Type is SettingType.String or SettingType.Enum && type is SettingType.String or SettingType.Enum);

    internal static string Describe(SettingType type) => type switch
    {
        SettingType.String => "a string",
        SettingType.Int => "a whole number",
        SettingType.Bool => "true or false",
        SettingType.Duration => "a duration",
        SettingType.Enum => "one of the allowed values",
        SettingType.StringList => "a list of strings",
        _ => type.ToString(),
    };

    private static void CheckRange<T>(SettingDescriptor descriptor, T value, T? min, T? max, ImmutableArray<string>.Builder messages)
        where T : struct, IComparable<T>
    {
        if (min is { } lo && value.CompareTo(lo) < 0)
        {
            messages.Add($"must be at least {descriptor.Min}, got {Format(value)}");
        }
        if (max is { } hi && value.CompareTo(hi) > 0)
        {
            messages.Add($"must be at most {descriptor.Max}, got {Format(value)}");
        }
    }

    private static string Format<T>(T value) => value switch
    {
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private static void CheckPattern(string? pattern, string value, ImmutableArray<string>.Builder messages)
    {
        if (pattern is null)
        {
            return;
        }
        if (!Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.CultureInvariant, PatternTimeout))
        {
            messages.Add($"'{value}' does not match the pattern {pattern}");
        }
    }
}
