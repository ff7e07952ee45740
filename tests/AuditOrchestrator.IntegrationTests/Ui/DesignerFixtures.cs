using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>Small definitions for the designer's tests, as YAML to import and as the designer's JSON.</summary>
public static class DesignerFixtures
{
    public const string Reminder = """
        id: ui-reminder
        name: UI reminder
        start: wait
        steps:
          - id: wait
            activity: Wait
            level: item
            settings:
              duration: "3.00:00:00"
            next:
              elapsed: remind
          - id: remind
            activity: RecordEffect
            level: item
            settings:
              key: remind
        """;

    public static async Task<JsonObject> ImportAsync(HttpClient admin, string yaml, string status = "published")
    {
        var response = await admin.PostAsJsonAsync("/api/definitions/import", new { yaml, status });
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The designer's JSON of a stored version, ready to change and send back.</summary>
    public static async Task<JsonObject> DefinitionAsync(HttpClient client, string id, int version)
    {
        var detail = await client.GetFromJsonAsync<JsonObject>($"/api/definitions/{id}/versions/{version}");
        return detail!["definition"]!.AsObject();
    }

    public static JsonObject Step(JsonObject definition, string id) =>
        definition["steps"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string?)s["id"] == id);

    public static JsonObject Clone(JsonObject node) => JsonNode.Parse(node.ToJsonString())!.AsObject();
}
