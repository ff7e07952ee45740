using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.PagerDuty;

/// <summary>One page of GET /audit/records: the records as PagerDuty sent them, and the cursor of the next page.</summary>
public sealed record AuditRecordPage(IReadOnlyList<JsonElement> Records, string? NextCursor);

/// <summary>
/// GET /audit/records (cursor paging, newest first) and the probes of "verify settings". The token and base URL are
/// read on every request, so changed settings take effect without a restart.
/// </summary>
public sealed class PagerDutyAuditRecordsClient(HttpClient http, IOptionsMonitor<PagerDutyOptions> options)
{
    public const int PageSize = 100;

    /// <summary>A hash of the settings that decide whether PagerDuty accepts us; never the token itself.</summary>
    public string SettingsFingerprint
    {
        get
        {
            var o = options.CurrentValue;
            var bytes = System.Text.Encoding.UTF8.GetBytes($"{o.BaseUrl.TrimEnd('/')}\n{o.Token}");
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16];
        }
    }

    public bool HasToken => !string.IsNullOrWhiteSpace(options.CurrentValue.Token);

    public async Task<AuditRecordPage> GetPageAsync(DateTimeOffset since, DateTimeOffset until, string? cursor, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"audit/records?limit={PageSize}&since={Uri.EscapeDataString(Iso(since))}&until={Uri.EscapeDataString(Iso(until))}");
        if (cursor is not null)
        {
            query += "&cursor=" + Uri.EscapeDataString(cursor);
        }

        using var response = await SendAsync(query, cancellationToken);
        using var body = await response.ReadJsonAsync<JsonDocument>(PagerDutyClient.Vendor, VendorJson.SnakeCase, cancellationToken);
        var root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new VendorApiException(PagerDutyClient.Vendor, response.StatusCode, "GET /audit/records returned no records array");
        }

        var next = root.TryGetProperty("next_cursor", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } c ? c : null;
        return new AuditRecordPage([.. records.EnumerateArray().Select(r => r.Clone())], next);
    }

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The status PagerDuty answers to a one-item read of <paramref name="path"/> (after the shared retries).</summary>
    public async Task<HttpStatusCode> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(path, cancellationToken);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAsync(string relative, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.Token))
        {
            throw new VendorApiException(PagerDutyClient.Vendor, null, "no API token configured (PagerDuty__Token)");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(o.BaseUrl.TrimEnd('/') + "/" + relative));
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.pagerduty+json;version=2");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", $"token={o.Token}");
        return await http.SendAsync(request, cancellationToken);
    }
}
