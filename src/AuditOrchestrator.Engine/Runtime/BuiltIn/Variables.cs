using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

/// <summary>Dotted paths into an instance's variables (<c>signals.answered</c>).</summary>
public static class Variables
{
    /// <summary>The variable in which Fan-out and Branches leave their children's ids, statuses and outcomes.</summary>
    public const string Children = "children";

    /// <summary>Keeps the finished children's results (the resume's payload) in <see cref="Children"/>.</summary>
    public static void KeepChildren(ActivityContext context) =>
        (context ?? throw new ArgumentNullException(nameof(context))).Variables[Children] = context.Resume?.Payload?[Children]?.DeepClone();

    public static JsonNode? Get(JsonObject variables, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonNode? node = variables;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }
        return node;
    }

    public static void Set(JsonObject variables, string path, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('.');
        var target = variables;
        foreach (var part in parts[..^1])
        {
            if (target[part] is not JsonObject next)
            {
                next = [];
                target[part] = next;
            }
            target = next;
        }
        target[parts[^1]] = value;
    }

    /// <summary>True for JSON true, the text "true", or a value whose text equals <paramref name="expected"/>.</summary>
    public static bool Matches(JsonNode? value, string? expected)
    {
        if (value is null)
        {
            return false;
        }
        var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        return expected is null ? string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) : string.Equals(text, expected, StringComparison.Ordinal);
    }
}
