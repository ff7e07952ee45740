using System.Net.Http.Headers;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Connections;
using AuditOrchestrator.Vendors.Calendly;

namespace AuditOrchestrator.Audits.Calendly;

/// <summary>"Verify settings" of the Calendly connection: can the token read its user and organisation.</summary>
public static class CalendlyConnection
{
    public static async Task<ConnectionVerification> VerifyAsync(ConnectionProbe probe, string connection, CalendlyOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Token))
        {
            return ConnectionProbe.NotConfigured(connection, "Calendly__Token");
        }
        var me = await probe.ProbeAsync("Calendly", "users_me", HttpMethod.Get, options.BaseUrl.TrimEnd('/') + "/users/me",
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token),
            body => body.TryGetProperty("resource", out var r) && r.TryGetProperty("current_organization", out _)
                ? "can read its user and organisation (the Calendly audit)" : "answered, but without the user's organisation", ct);
        return ConnectionProbe.Result(connection, me);
    }
}
