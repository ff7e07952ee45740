using System.Globalization;
using System.Net;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.PagerDuty;

namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>One thing the configured token can or cannot do.</summary>
public sealed record Capability(string Name, bool Ok, string Detail);

/// <summary>The answer of "verify settings": what the connection can do. Never carries the token.</summary>
public sealed record ConnectionVerification(string Connection, bool Configured, bool Ok, IReadOnlyList<Capability> Capabilities);

/// <summary>
/// "Verify settings" for PagerDuty: one small read each of users, schedules and audit records with the configured
/// token, reported as capabilities in plain words. When audit records can be read, a collector stopped by refused
/// settings (401/403/402) may call again: a scope or plan fixed at PagerDuty leaves our settings unchanged.
/// </summary>
public sealed class PagerDutyVerifier(PagerDutyAuditRecordsClient client, AuditRecordStore store, CollectorClocks clocks)
{
    public async Task<ConnectionVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        if (!client.HasToken)
        {
            return new ConnectionVerification("pagerduty", Configured: false, Ok: false,
                [new Capability("token", false, "No API token is configured (PagerDuty__Token).")]);
        }

        var now = clocks.Real.GetUtcNow();
        var since = Uri.EscapeDataString(PagerDutyAuditRecordsClient.Iso(now - TimeSpan.FromDays(1)));
        var capabilities = new List<Capability>
        {
            await ProbeAsync("users", "users?limit=1", "can list users (the PagerDuty audit)", cancellationToken),
            await ProbeAsync("schedules", "schedules?limit=1", "can list schedules (the PagerDuty audit)", cancellationToken),
            await ProbeAsync("audit_records", $"audit/records?limit=1&since={since}", "can read audit records (the collector)", cancellationToken),
        };
        if (capabilities[^1].Ok)
        {
            await store.ClearBlockAsync(AuditRecordStore.PagerDutySource, cancellationToken);
        }

        return new ConnectionVerification("pagerduty", Configured: true, capabilities.All(c => c.Ok), capabilities);
    }

    private async Task<Capability> ProbeAsync(string name, string path, string success, CancellationToken cancellationToken)
    {
        try
        {
            var status = await client.ProbeAsync(path, cancellationToken);
            return status switch
            {
                >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices => new Capability(name, true, success),
                HttpStatusCode.Unauthorized => new Capability(name, false, "PagerDuty rejected the API token (HTTP 401)."),
                HttpStatusCode.Forbidden => new Capability(name, false, name == "audit_records"
                    ? "The token may not read audit records (HTTP 403): it needs the audit_records.read scope, or an admin's or account owner's API key."
                    : $"The token may not read {name} (HTTP 403)."),
                HttpStatusCode.PaymentRequired => new Capability(name, false, $"The account's plan does not include {name.Replace('_', ' ')} (HTTP 402)."),
                _ => new Capability(name, false, string.Create(CultureInfo.InvariantCulture, $"PagerDuty answered HTTP {(int)status}.")),
            };
        }
        catch (VendorApiException e)
        {
            return new Capability(name, false, e.Message);
        }
    }
}
