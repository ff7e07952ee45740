using System.Reflection;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AuditOrchestrator.Api.Hosting;

/// <summary>
/// The answers' state and status fields are strings with a fixed set of names: the document lists them as enums
/// (from their one definition each), so the admin UI's types know them without a list of its own.
/// </summary>
internal static class OpenApiStateNames
{
    private static readonly Dictionary<(Type, string), IReadOnlyList<string>> Names = new()
    {
        [(typeof(RunView), nameof(RunView.Status))] = RunStatuses.All,
        [(typeof(ItemView), nameof(ItemView.State))] = ItemStates.All,
        [(typeof(ItemView), nameof(ItemView.Status))] = InstanceStatusNames.All,
        [(typeof(ItemProgress), nameof(ItemProgress.Status))] = InstanceStatusNames.All,
        [(typeof(InstanceSummary), nameof(InstanceSummary.Status))] = InstanceStatusNames.All,
    };

    public static Task Apply(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo?.AttributeProvider is MemberInfo { DeclaringType: { } type } member
            && Names.TryGetValue((type, member.Name), out var names))
        {
            var nullable = schema.Type is { } t && t.HasFlag(JsonSchemaType.Null);
            // A JSON null is a null node: the field may also be absent of a value.
            schema.Enum = [.. names.Select(n => (JsonNode)JsonValue.Create(n)), .. nullable ? [null!] : Array.Empty<JsonNode>()];
        }
        return Task.CompletedTask;
    }
}
