using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Vendors.Calendly;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Calendly;

/// <summary>The Calendly audit: the organisation's memberships.</summary>
public sealed class CalendlyAudit(CalendlyClient client, IOptions<AuditOptions> options, TimeProvider clock) : IAuditRegistration
{
    public AuditKind Audit => AuditKind.Calendly;

    public async Task<AuditResult> RunAsync(SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        progress?.Report("Reading Calendly organisation memberships");
        var snapshot = await client.FetchSnapshotAsync(cancellationToken);
        var findings = CalendlyChecks.Run(team, snapshot, options.Value.Calendly);
        return new AuditResult(Audit, team, findings, AuditReport.Calendly(team, snapshot, findings))
        {
            Accounts = VendorAccounts.Calendly(snapshot, client.ApiRoot, clock.GetUtcNow()),
        };
    }

    public async Task<JsonObject> ReadAccountsAsync(Func<CancellationToken, Task<SupportTeam.SupportTeam>> team, CancellationToken cancellationToken) =>
        VendorAccounts.Calendly(await client.FetchSnapshotAsync(cancellationToken), client.ApiRoot, clock.GetUtcNow());
}
