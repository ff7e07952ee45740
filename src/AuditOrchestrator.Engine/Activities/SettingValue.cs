using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>
/// One typed setting value: a string, int, bool, duration, enum member or list of strings.
/// Values compare by type and content, so definitions holding them compare structurally.
/// </summary>
public sealed class SettingValue : IEquatable<SettingValue>
{
    private readonly object _value;

    private SettingValue(SettingType type, object value)
    {
        Type = type;
        _value = value;
    }

    public SettingType Type { get; }

    public static SettingValue FromString(string value) => new(SettingType.String, value ?? throw new ArgumentNullException(nameof(value)));

    public static SettingValue FromInt(int value) => new(SettingType.Int, value);

    public static SettingValue FromBool(bool value) => new(SettingType.Bool, value);

    public static SettingValue FromDuration(TimeSpan value) => new(SettingType.Duration, value);

    public static SettingValue FromEnum(string value) => new(SettingType.Enum, value ?? throw new ArgumentNullException(nameof(value)));

    public static SettingValue FromStringList(IEnumerable<string> values) =>
        new(SettingType.StringList, values?.ToImmutableArray() ?? throw new ArgumentNullException(nameof(values)));

    /// <summary>The text of a String or Enum value.</summary>
    public string AsString() => Type is SettingType.String or SettingType.Enum ? (string)_value : throw WrongType(SettingType.String);

    public int AsInt() => Type == SettingType.Int ? (int)_value : throw WrongType(SettingType.Int);

    public bool AsBool() => Type == SettingType.Bool ? (bool)_value : throw WrongType(SettingType.Bool);

    public TimeSpan AsDuration() => Type == SettingType.Duration ? (TimeSpan)_value : throw WrongType(SettingType.Duration);

    public ImmutableArray<string> AsStringList() =>
        Type == SettingType.StringList ? (ImmutableArray<string>)_value : throw WrongType(SettingType.StringList);

    /// <summary>
    /// Reads a scalar as the given type (not StringList: a list is a sequence, see <see cref="FromStringList"/>).
    /// Returns false with a message that names what was expected.
    /// </summary>
    public static bool TryParse(SettingType type, string text, out SettingValue? value, out string? error)
    {
        value = null;
        error = null;
        switch (type)
        {
            case SettingType.String:
                value = FromString(text);
                return true;
            case SettingType.Enum:
                value = FromEnum(text);
                return true;
            case SettingType.Int:
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                {
                    value = FromInt(i);
                    return true;
                }
                error = $"expected a whole number, got '{text}'";
                return false;
            case SettingType.Bool:
                if (text is "true" or "false")
                {
                    value = FromBool(text == "true");
                    return true;
                }
                error = $"expected true or false, got '{text}'";
                return false;
            case SettingType.Duration:
                // A bare number would parse as days; demanding a colon keeps "72" from meaning 72 days.
                if (text.Contains(':', StringComparison.Ordinal)
                    && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var d))
                {
                    value = FromDuration(d);
                    return true;
                }
                error = $"expected a duration like 3.00:00:00 (days.hours:minutes:seconds), got '{text}'";
                return false;
            case SettingType.StringList:
                error = "expected a list of strings";
                return false;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }

    /// <summary>The value as plain JSON: strings, numbers, booleans, durations as "c"-format strings, lists as arrays.</summary>
    public JsonNode ToJsonNode() => Type switch
    {
        SettingType.Int => JsonValue.Create(AsInt()),
        SettingType.Bool => JsonValue.Create(AsBool()),
        SettingType.StringList => new JsonArray(AsStringList().Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        _ => JsonValue.Create(ToString()),
    };

    /// <summary>Canonical text: durations as "c" (3.00:00:00), bools as true/false, lists comma-separated.</summary>
    public override string ToString() => Type switch
    {
        SettingType.Int => AsInt().ToString(CultureInfo.InvariantCulture),
        SettingType.Bool => AsBool() ? "true" : "false",
        SettingType.Duration => AsDuration().ToString("c", CultureInfo.InvariantCulture),
        SettingType.StringList => string.Join(", ", AsStringList()),
        _ => AsString(),
    };

    public bool Equals(SettingValue? other)
    {
        if (other is null || other.Type != Type)
        {
            return false;
        }
        return Type == SettingType.StringList
            ? AsStringList().SequenceEqual(other.AsStringList(), StringComparer.Ordinal)
            : _value.Equals(other._value);
    }

    public override bool Equals(object? obj) => Equals(obj as SettingValue);

    public override int GetHashCode()
    {
        if (Type != SettingType.StringList)
        {
            return HashCode.Combine(Type, _value);
        }
        var hash = new HashCode();
        hash.Add(Type);
        foreach (var item in AsStringList())
        {
            hash.Add(item, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    public static bool operator ==(SettingValue? left, SettingValue? right) => Equals(left, right);

    public static bool operator !=(SettingValue? left, SettingValue? right) => !Equals(left, right);

    private InvalidOperationException WrongType(SettingType wanted) =>
        new($"The setting holds a {Type} value, not a {wanted} value.");
}
