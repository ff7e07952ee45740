using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Vendors.PagerDuty;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.PagerDuty;

/// <summary>The PagerDuty audit: users and the schedules the team's rotations name.</summary>
public sealed class PagerDutyAudit(PagerDutyClient client, IOptions<AuditOptions> options, TimeProvider clock) : IAuditRegistration
{
    public AuditKind Audit => AuditKind.PagerDuty;

    public async Task<AuditResult> RunAsync(SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var settings = options.Value.PagerDuty;
        progress?.Report("Reading PagerDuty users and schedules");
        var snapshot = await client.FetchSnapshotAsync(Rotations(team), cancellationToken);
        var findings = PagerDutyChecks.Run(team, snapshot, settings);
        return new AuditResult(Audit, team, findings, AuditReport.PagerDuty(team, snapshot, findings, settings))
        {
            Accounts = VendorAccounts.PagerDuty(snapshot, client.ApiRoot, clock.GetUtcNow()),
        };
    }

    public async Task<JsonObject> ReadAccountsAsync(Func<CancellationToken, Task<SupportTeam.SupportTeam>> team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var snapshot = await client.FetchSnapshotAsync(Rotations(await team(cancellationToken)), cancellationToken);
        return VendorAccounts.PagerDuty(snapshot, client.ApiRoot, clock.GetUtcNow());
    }

    private static IEnumerable<string> Rotations(SupportTeam.SupportTeam team) =>
        team.Members.SelectMany(m => m.PagerDuty?.Rotations ?? []);
}
