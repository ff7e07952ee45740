using System.Net.Http.Headers;
using System.Text.Json;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Connections;
using AuditOrchestrator.Vendors.Zendesk;

namespace AuditOrchestrator.Audits.Zendesk;

/// <summary>"Verify settings" of one Zendesk instance's connection: who the email and token sign in as.</summary>
public static class ZendeskConnection
{
    public static async Task<ConnectionVerification> VerifyAsync(
        ConnectionProbe probe, string connection, ZendeskInstance instance, ZendeskOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Token) || string.IsNullOrEmpty(options.BaseUrl) || string.IsNullOrEmpty(options.Email))
        {
            return ConnectionProbe.NotConfigured(connection, $"Zendesk__{instance}__BaseUrl, __Email and __Token");
        }
        var me = await probe.ProbeAsync("Zendesk", "users_me", HttpMethod.Get, options.BaseUrl.TrimEnd('/') + "/api/v2/users/me.json",
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", ZendeskClient.BasicAuth(options)), Me, ct);
        // Zendesk answers an unauthenticated users/me with an anonymous user (id null) rather than 401.
        if (me.Ok && me.Detail.StartsWith("anonymous", StringComparison.Ordinal))
        {
            me = me with { Ok = false, Detail = "Zendesk did not accept the email and token (it answered as an anonymous user)." };
        }
        return ConnectionProbe.Result(connection, me);
    }

    private static string Me(JsonElement body)
    {
        var user = body.GetProperty("user");
        if (user.GetProperty("id").ValueKind == JsonValueKind.Null)
        {
            return "anonymous";
        }
        var role = user.TryGetProperty("role", out var r) ? r.GetString() : null;
        return role is "admin" or "agent" ? $"signed in as an {role} (can list agents and admins)" : $"signed in, but as role '{role}' (the audit needs an agent or admin)";
    }
}
