using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AuditOrchestrator.Engine.Activities;

public sealed partial class ActivityRegistry
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The shape of <c>GET /api/activities</c>: one entry per activity, in registration order.</summary>
    public IReadOnlyList<ActivityDto> ToDto() => [.. All.Select(ActivityDto.From)];

    public string ToJson() => JsonSerializer.Serialize(ToDto(), JsonOptions);

    /// <summary>The wire name of a setting type: string, int, bool, duration, enum, stringList.</summary>
    public static string TypeName(SettingType type) => type switch
    {
        SettingType.StringList => "stringList",
        _ => type.ToString().ToLowerInvariant(),
    };
}

/// <summary>An activity as the API and the designer see it.</summary>
public sealed record ActivityDto(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("settings")] IReadOnlyList<SettingDto> Settings,
    [property: JsonPropertyName("outcomes")] IReadOnlyList<string> Outcomes,
    [property: JsonPropertyName("dynamicOutcomes")] bool DynamicOutcomes)
{
    public static ActivityDto From(ActivityDescriptor descriptor) => new(
        descriptor.Name,
        descriptor.Description,
        [.. descriptor.Settings.Select(SettingDto.From)],
        [.. descriptor.Outcomes],
        descriptor.DynamicOutcomes);
}

/// <summary>
/// A setting as the API and the designer see it. Values are plain JSON (durations as "3.00:00:00");
/// rules that do not apply are left out.
/// </summary>
public sealed record SettingDto(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("default"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Default,
    [property: JsonPropertyName("min"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Min,
    [property: JsonPropertyName("max"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Max,
    [property: JsonPropertyName("allowedValues"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AllowedValues,
    [property: JsonPropertyName("pattern"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pattern)
{
    public static SettingDto From(SettingDescriptor setting) => new(
        setting.Name,
        ActivityRegistry.TypeName(setting.Type),
        setting.Description,
        setting.Required,
        setting.Default?.ToJsonNode(),
        setting.Min?.ToJsonNode(),
        setting.Max?.ToJsonNode(),
        setting.AllowedValues.IsDefaultOrEmpty ? null : [.. setting.AllowedValues],
        setting.Pattern);
}
