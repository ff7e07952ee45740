using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Instances;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Runtime;

/// <summary>The instance and signal routes as an operator uses them, answers read into the API's records.</summary>
public static class InstanceApiExtensions
{
    public static async Task<Guid> StartInstanceAsync(this HttpClient client, string definition, JsonObject? variables = null, string? correlationKey = null)
    {
        var response = await client.PostAsJsonAsync("/api/instances", new { definition, variables, correlationKey });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadAsync<InstancesApi.Started>()).Id;
    }

    public static async Task<InstanceDetail> InstanceAsync(this HttpClient client, Guid id) =>
        await client.GetAsync<InstanceDetail>($"/api/instances/{id}");

    /// <summary>The journal entries of every instance in the database (a run, its flows and their items), instance by instance.</summary>
    public static async Task<List<JournalView>> EveryJournalAsync(this HttpClient client)
    {
        var entries = new List<JournalView>();
        foreach (var instance in await client.GetAsync<List<InstanceSummary>>("/api/instances?limit=1000"))
        {
            entries.AddRange((await client.InstanceAsync(instance.Id)).Journal);
        }
        return entries;
    }

    public static async Task<string> StatusAsync(this HttpClient client, Guid id) => (await client.InstanceAsync(id)).Instance.Status;

    public static async Task<SignalsApi.SignalAccepted> SignalAsync(this HttpClient client, string name, string key, string? deliveryKey = null, object? payload = null)
    {
        var response = await client.PostAsJsonAsync("/api/signals", new { name, key, deliveryKey, payload });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsync<SignalsApi.SignalAccepted>();
    }

    /// <summary>How many of the instance's journal entries are of <paramref name="kind"/>.</summary>
    public static int JournalCount(this InstanceDetail detail, string kind) => detail.Journal.Count(e => e.Kind == kind);

    /// <summary>A signal the instance took, as its variables keep it (<c>signals.gitlab.answer</c>: <c>Signal("gitlab", "answer")</c>).</summary>
    public static JsonObject Signal(this InstanceDetail detail, params string[] path) =>
        path.Aggregate((JsonNode)detail.Variables["signals"]!, (node, name) => node[name]!).AsObject();

    /// <summary>A string field of a JSON object the API answered with (variables, journal data, a signal's payload).</summary>
    public static string? Text(this JsonNode? node, string name) => node?[name]?.GetValue<string>();
}
