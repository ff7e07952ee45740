using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Vendors.Calendly;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Slack;
using AuditOrchestrator.Vendors.Zendesk;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Sources;

/// <summary>
/// "Verify settings" for GitLab, Calendly, both Zendesk instances and Slack: one cheap read with the configured token
/// each, reported in plain words with the HTTP status. The token goes only into the request's auth header.
/// </summary>
public sealed class VendorVerifier(
    IHttpClientFactory httpClients,
    IOptionsMonitor<GitLabOptions> gitLab,
    IOptionsMonitor<CalendlyOptions> calendly,
    IOptionsMonitor<ZendeskOptions> zendesk,
    IOptionsMonitor<SlackOptions> slack)
{
    public const string HttpClientName = "connection-verify";

    public static readonly IReadOnlyList<string> Names = ["gitlab", "pagerduty", "calendly", "zendesk-main", "zendesk-us-federal", "slack"];

    public async Task<ConnectionVerification?> VerifyAsync(string name, CancellationToken ct) => name.ToLowerInvariant() switch
    {
        "gitlab" => await GitLabAsync(ct),
        "calendly" => await CalendlyAsync(ct),
        "zendesk-main" => await ZendeskAsync("zendesk-main", "Main", ct),
        "zendesk-us-federal" => await ZendeskAsync("zendesk-us-federal", "UsFederal", ct),
        "slack" => await SlackAsync(ct),
        _ => null,
    };

    private async Task<ConnectionVerification> GitLabAsync(CancellationToken ct)
    {
        var options = gitLab.CurrentValue;
        if (string.IsNullOrEmpty(options.Token))
        {
            return NotConfigured("gitlab", "GitLab__Token");
        }
        var root = options.BaseUrl.ToString().TrimEnd('/') + "/api/v4/";
        var user = await ProbeAsync("GitLab", "user", HttpMethod.Get, root + "user", r => GitLabAuth.Apply(r.Headers, options),
            body => $"the token acts as @{body.GetProperty("username").GetString()}", ct);
        var project = string.IsNullOrWhiteSpace(options.AuditProject)
            ? new Capability("audit_project", false, "No audit project is configured (GitLab__AuditProject).")
            : await ProbeAsync("GitLab", "audit_project", HttpMethod.Get, root + "projects/" + Uri.EscapeDataString(options.AuditProject.Trim()),
                r => GitLabAuth.Apply(r.Headers, options), body => $"can read the audit project {body.GetProperty("path_with_namespace").GetString()}", ct);
        return Result("gitlab", user, project);
    }

    private async Task<ConnectionVerification> CalendlyAsync(CancellationToken ct)
    {
        var options = calendly.CurrentValue;
        if (string.IsNullOrEmpty(options.Token))
        {
            return NotConfigured("calendly", "Calendly__Token");
        }
        var me = await ProbeAsync("Calendly", "users_me", HttpMethod.Get, options.BaseUrl.TrimEnd('/') + "/users/me",
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token),
            body => body.TryGetProperty("resource", out var r) && r.TryGetProperty("current_organization", out _)
                ? "can read its user and organisation (the Calendly audit)" : "answered, but without the user's organisation", ct);
        return Result("calendly", me);
    }

    private async Task<ConnectionVerification> ZendeskAsync(string connection, string instance, CancellationToken ct)
    {
        var options = zendesk.Get(instance);
        if (string.IsNullOrEmpty(options.Token) || string.IsNullOrEmpty(options.BaseUrl) || string.IsNullOrEmpty(options.Email))
        {
            return NotConfigured(connection, $"Zendesk__{instance}__BaseUrl, __Email and __Token");
        }
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Email}/token:{options.Token}"));
        var me = await ProbeAsync("Zendesk", "users_me", HttpMethod.Get, options.BaseUrl.TrimEnd('/') + "/api/v2/users/me.json",
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic), ZendeskMe, ct);
        // Zendesk answers an unauthenticated users/me with an anonymous user (id null) rather than 401.
        if (me.Ok && me.Detail.StartsWith("anonymous", StringComparison.Ordinal))
        {
            me = me with { Ok = false, Detail = "Zendesk did not accept the email and token (it answered as an anonymous user)." };
        }
        return Result(connection, me);
    }

    private static string ZendeskMe(JsonElement body)
    {
        var user = body.GetProperty("user");
        if (user.GetProperty("id").ValueKind == JsonValueKind.Null)
        {
            return "anonymous";
        }
        var role = user.TryGetProperty("role", out var r) ? r.GetString() : null;
        return role is "admin" or "agent" ? $"signed in as an {role} (can list agents and admins)" : $"signed in, but as role '{role}' (the audit needs an agent or admin)";
    }

    private async Task<ConnectionVerification> SlackAsync(CancellationToken ct)
    {
        var options = slack.CurrentValue;
        if (string.IsNullOrEmpty(options.Token))
        {
            return NotConfigured("slack", "Slack__Token");
        }
        var auth = await ProbeAsync("Slack", "auth_test", HttpMethod.Post, options.BaseUrl.ToString().TrimEnd('/') + "/api/auth.test",
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token),
            body => body.GetProperty("ok").GetBoolean()
                ? $"the token is valid (bot user {body.GetProperty("user_id").GetString()})"
                : "!" + $"Slack refused the token ({body.GetProperty("error").GetString()}).", ct);
        // Slack answers its errors with HTTP 200 and ok:false.
        if (auth.Detail.StartsWith('!'))
        {
            auth = auth with { Ok = false, Detail = auth.Detail[1..] };
        }
        return Result("slack", auth);
    }

    private async Task<Capability> ProbeAsync(
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

    private static ConnectionVerification NotConfigured(string connection, string keys) =>
        new(connection, Configured: false, Ok: false, [new Capability("token", false, $"Not configured ({keys}).")]);

    private static ConnectionVerification Result(string connection, params Capability[] capabilities) =>
        new(connection, Configured: true, capabilities.All(c => c.Ok), capabilities);
}
