using System.Net.Http.Json;
using System.Text.Json;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>Reads the API's answers into the API's own response records, as its clients do.</summary>
public static class ApiJson
{
    /// <summary>
    /// The options the service writes its answers with: the minimal APIs' own (the service configures none of its own),
    /// so every response record reads back exactly as it was written.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new Microsoft.AspNetCore.Http.Json.JsonOptions().SerializerOptions;

    /// <summary>GETs <paramref name="uri"/> and reads the answer as <typeparamref name="T"/>; fails on a non-success status.</summary>
    public static async Task<T> GetAsync<T>(this HttpClient client, string uri) =>
        await client.GetFromJsonAsync<T>(uri, Options) ?? throw new InvalidOperationException($"GET {uri} answered null.");

    /// <summary>Reads a response body as <typeparamref name="T"/>.</summary>
    public static async Task<T> ReadAsync<T>(this HttpContent content) =>
        await content.ReadFromJsonAsync<T>(Options) ?? throw new InvalidOperationException("The answer was null.");
}
