using System.Globalization;
using System.Text.Json;
using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.Audits.Connections;

/// <summary>
/// One cheap read of a vendor with the configured token, for "Verify settings" (POST /api/connections/{name}/verify),
/// reported in plain words with the HTTP status. The token goes only into the request's auth header.
/// </summary>
public sealed class ConnectionProbe(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "connection-verify";

    public async Task<Capability> ProbeAsync(
        string vendor, string name, HttpMethod method, string url, Action<HttpRequestMessage> authorize, Func<JsonElement, string> describe, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            using var request = new HttpRequestMessage(method, url);
            authorize(request);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var why = status switch
                {
                    401 => "rejected the token",
                    403 => "refused this read to the token (missing scope or role)",
                    404 => "does not know this resource, or the token may not see it",
                    429 => "is rate limiting the token; try again shortly",
                    _ => "answered with an error",
                };
                return new Capability(name, false, string.Create(CultureInfo.InvariantCulture, $"{vendor} {why} (HTTP {status})."));
            }
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
            return new Capability(name, true, describe(body.RootElement));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Capability(name, false, $"{vendor} did not answer within 15 seconds.");
        }
        catch (HttpRequestException e)
        {
            return new Capability(name, false, $"{vendor} could not be reached ({e.HttpRequestError}).");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new Capability(name, false, $"{vendor} answered with something that is not its API's JSON.");
        }
    }

    /// <summary>The answer when the connection's settings are missing; <paramref name="keys"/> names them.</summary>
    public static ConnectionVerification NotConfigured(string connection, string keys) =>
        new(connection, Configured: false, Ok: false, [new Capability("token", false, $"Not configured ({keys}).")]);

    public static ConnectionVerification Result(string connection, params Capability[] capabilities) =>
        new(connection, Configured: true, capabilities.All(c => c.Ok), capabilities);
}
