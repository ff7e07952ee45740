using System.Text.Json;

namespace AuditOrchestrator.Vendors.Http;

/// <summary>The JSON shape the vendors here share: snake_case names, web defaults.</summary>
public static class VendorJson
{
    public static JsonSerializerOptions SnakeCase { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
