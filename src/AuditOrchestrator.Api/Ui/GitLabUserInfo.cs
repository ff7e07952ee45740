using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AuditOrchestrator.Api.Ui;

/// <summary>Who a GitLab OAuth access token belongs to, from GitLab's userinfo endpoint: the id, username and groups.</summary>
public sealed record GitLabUserInfo(string Subject, string Username, string DisplayName, IReadOnlyList<string> Groups)
{
    /// <summary>The user, or null when GitLab no longer accepts the token (401). Other failures throw.</summary>
    public static async Task<GitLabUserInfo?> ReadAsync(HttpClient backchannel, string endpoint, string accessToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(backchannel);
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await backchannel.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GitLab's userinfo endpoint answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
        using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = user.RootElement;
        var username = Text(root, "nickname") ?? Text(root, "preferred_username")
            ?? throw new InvalidDataException("GitLab's userinfo has no username (nickname).");
        var subject = Text(root, "sub") ?? throw new InvalidDataException("GitLab's userinfo has no user id (sub).");
        var groups = root.TryGetProperty("groups", out var g) && g.ValueKind == JsonValueKind.Array
            ? [.. g.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).OfType<string>()]
            : Array.Empty<string>();
        return new GitLabUserInfo("gitlab:" + subject, username, Text(root, "name") ?? username, groups);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
