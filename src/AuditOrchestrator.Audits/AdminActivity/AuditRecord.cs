using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>
/// One PagerDuty audit record as the table stores it: the columns a query filters on, and the raw JSON.
/// A record missing its id or execution time, or with a field of the wrong shape, is <see cref="Malformed"/>:
/// stored raw, counted, never a reason to stop collecting.
/// </summary>
public sealed record AuditRecord(
    string Id,
    DateTimeOffset? ExecutionTime,
    string? Action,
    string? ActorsJson,
    string? MethodType,
    string? MethodTruncatedToken,
    string? RootResourceId,
    string? RootResourceType,
    string? RootResourceSummary,
    string? RequestId,
    string? RemoteAddress,
    string? DetailsJson,
    string RawJson,
    bool Malformed)
{
    public static AuditRecord Parse(JsonElement record)
    {
        var raw = record.GetRawText();
        try
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("not an object");
            }

            var id = RequiredString(record, "id");
            var time = DateTimeOffset.Parse(RequiredString(record, "execution_time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var method = OptionalObject(record, "method");
            var root = OptionalObject(record, "root_resource");
            var context = OptionalObject(record, "execution_context");
            var actors = Optional(record, "actors", JsonValueKind.Array);
            var details = Optional(record, "details", JsonValueKind.Object);
            return new AuditRecord(
                id,
                time.ToUniversalTime(),
                OptionalString(record, "action"),
                actors?.GetRawText(),
                method is { } m ? OptionalString(m, "type") : null,
                method is { } t ? OptionalString(t, "truncated_token") : null,
                root is { } r ? OptionalString(r, "id") : null,
                root is { } rt ? OptionalString(rt, "type") : null,
                root is { } rs ? OptionalString(rs, "summary") : null,
                context is { } c ? OptionalString(c, "request_id") : null,
                context is { } ca ? OptionalString(ca, "remote_address") : null,
                details?.GetRawText(),
                raw,
                Malformed: false);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return AsMalformed(record, raw);
        }
    }

    private static AuditRecord AsMalformed(JsonElement record, string raw)
    {
        // The vendor's id when it has a usable one, so a re-read of the same record still drops as a duplicate.
        var id = record.ValueKind == JsonValueKind.Object
            && record.TryGetProperty("id", out var idElement)
            && idElement.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(idElement.GetString())
                ? idElement.GetString()!
                : "malformed:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..32];
        return new AuditRecord(id, null, null, null, null, null, null, null, null, null, null, null, raw, Malformed: true);
    }

    private static string RequiredString(JsonElement record, string name) =>
        OptionalString(record, name) is { Length: > 0 } value ? value : throw new FormatException($"{name} is missing");

    private static string? OptionalString(JsonElement record, string name) =>
        !record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"{name} is not a string");

    private static JsonElement? OptionalObject(JsonElement record, string name) => Optional(record, name, JsonValueKind.Object);

    private static JsonElement? Optional(JsonElement record, string name, JsonValueKind kind) =>
        !record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == kind ? value
        : throw new FormatException($"{name} is not an {kind}");
}
