using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditOrchestrator.IntegrationTests.Runtime;

public static class InstanceApiExtensions
{
    public static async Task<Guid> StartInstanceAsync(this HttpClient client, string definition, JsonObject? variables = null, string? correlationKey = null)
    {
        var response = await client.PostAsJsonAsync("/api/instances", new { definition, variables, correlationKey });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> InstanceAsync(this HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");

    public static async Task<string> StatusAsync(this HttpClient client, Guid id) =>
        (await client.InstanceAsync(id)).GetProperty("instance").GetProperty("status").GetString()!;

    public static async Task<JsonElement> SignalAsync(this HttpClient client, string name, string key, string? deliveryKey = null, object? payload = null)
    {
        var response = await client.PostAsJsonAsync("/api/signals", new { name, key, deliveryKey, payload });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static int Count(this JsonElement detail, string collection, Func<JsonElement, bool> where) =>
        detail.GetProperty(collection).EnumerateArray().Count(where);
}
