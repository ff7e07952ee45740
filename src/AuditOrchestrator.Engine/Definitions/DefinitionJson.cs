using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Definitions;

/// <summary>
/// The canonical JSON of a definition, for the jsonb column and the designer API. Each setting carries its type
/// (<c>{"type":"duration","value":"3.00:00:00"}</c>) so that reading it back needs no registry and loses nothing.
/// Fields come in a fixed order, settings sorted by name, unset optional fields left out.
/// </summary>
public static class DefinitionJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        // Stored in jsonb and served as JSON, never embedded in HTML: keep quotes and accents readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(WorkflowDefinition definition) => JsonSerializer.Serialize(ToDto(definition), Options);

    /// <summary>Reads canonical JSON. Throws <see cref="JsonException"/> on a malformed document; the rules are the
    /// validator's job (<see cref="DefinitionValidator.Validate"/>).</summary>
    public static WorkflowDefinition Deserialize(string json)
    {
        var dto = JsonSerializer.Deserialize<DefinitionDto>(json, Options) ?? throw new JsonException("Expected a definition object, got null.");
        return FromDto(dto);
    }

    public static DefinitionDto ToDto(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new DefinitionDto(
            definition.Id,
            definition.Name,
            definition.Start,
            [.. definition.Steps.Select(step => new StepDto(
                step.Id,
                step.Activity,
                step.Level == StepLevel.Item ? "item" : "audit",
                step.Label,
                new SortedDictionary<string, SettingValueDto>(
                    step.Settings.ToDictionary(kv => kv.Key, kv => new SettingValueDto(ActivityRegistry.TypeName(kv.Value.Type), kv.Value.ToJsonNode())),
                    StringComparer.Ordinal),
                [.. step.Next.Select(t => new TransitionDto(t.Outcome, t.To))]))],
            definition.Description);
    }

    public static WorkflowDefinition FromDto(DefinitionDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        var steps = dto.Steps.Select((step, i) => new StepDefinition(
            step.Id,
            step.Activity,
            step.Level switch
            {
                "audit" => StepLevel.Audit,
                "item" => StepLevel.Item,
                _ => throw new JsonException($"steps[{i}].level: must be audit or item, got '{step.Level}'."),
            },
            step.Label,
            (step.Settings ?? new Dictionary<string, SettingValueDto>()).ToImmutableSortedDictionary(
                kv => kv.Key, kv => ReadValue(kv.Value, $"steps[{i}].settings.{kv.Key}"), StringComparer.Ordinal),
            [.. (step.Next ?? []).Select(t => new Transition(t.Outcome, t.To))]));
        return new WorkflowDefinition(dto.Id, dto.Name, dto.Description, dto.Start, [.. steps]);
    }

    private static SettingValue ReadValue(SettingValueDto dto, string field)
    {
        try
        {
            var node = dto.Value;
            return dto.Type switch
            {
                "string" => SettingValue.FromString(node.GetValue<string>()),
                "enum" => SettingValue.FromEnum(node.GetValue<string>()),
                "int" => SettingValue.FromInt(node.GetValue<int>()),
                "bool" => SettingValue.FromBool(node.GetValue<bool>()),
                "duration" => SettingValue.TryParse(SettingType.Duration, node.GetValue<string>(), out var d, out var error)
                    ? d! : throw new JsonException($"{field}: {error}."),
                "stringList" => SettingValue.FromStringList(node.AsArray().Select(item =>
                    item?.GetValue<string>() ?? throw new JsonException($"{field}: a list item is null."))),
                _ => throw new JsonException($"{field}: unknown setting type '{dto.Type}'."),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"{field}: the value does not fit the type '{dto.Type}'."), e);
        }
    }
}

/// <summary>A definition as JSON: what the designer API sends and receives.</summary>
public sealed record DefinitionDto(string Id, string Name, string Start, IReadOnlyList<StepDto> Steps, string? Description = null);

public sealed record StepDto(
    string Id,
    string Activity,
    string Level,
    string? Label = null,
    IReadOnlyDictionary<string, SettingValueDto>? Settings = null,
    IReadOnlyList<TransitionDto>? Next = null);

/// <summary>A typed setting value; <see cref="Type"/> is one of string, int, bool, duration, enum, stringList.</summary>
public sealed record SettingValueDto(string Type, JsonNode Value);

public sealed record TransitionDto(string Outcome, string To);
