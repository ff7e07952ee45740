using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AuditOrchestrator.Vendors.Http;

/// <summary>Reading vendor answers: success or a <see cref="VendorApiException"/> that names the call, never the token.</summary>
public static class VendorResponses
{
    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response, string vendor, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        EnsureSuccess(response, vendor);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(json, cancellationToken)
                ?? throw new VendorApiException(vendor, response.StatusCode, $"{Describe(response)} returned an empty body");
        }
        catch (JsonException e)
        {
            throw new VendorApiException(vendor, response.StatusCode, $"{Describe(response)} returned unexpected JSON at {e.Path}", e);
        }
    }

    public static void EnsureSuccess(this HttpResponseMessage response, string vendor)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var why = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "the token was rejected",
            HttpStatusCode.Forbidden => "the token lacks permission",
            HttpStatusCode.NotFound => "not found",
            _ => "request failed",
        };
        throw new VendorApiException(vendor, response.StatusCode, $"{Describe(response)}: {why}");
    }

    private static string Describe(HttpResponseMessage response) =>
        string.Create(CultureInfo.InvariantCulture, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}");
}
