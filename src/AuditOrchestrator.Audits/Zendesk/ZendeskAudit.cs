using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Vendors.Zendesk;

namespace AuditOrchestrator.Audits.Zendesk;

/// <summary>A Zendesk audit of one instance: agents, roles and groups. The main and the US Federal instance are two audits.</summary>
public abstract class ZendeskAudit(ZendeskInstance instance, ZendeskClients clients, TimeProvider clock) : IAuditRegistration
{
    public abstract AuditKind Audit { get; }

    public async Task<AuditResult> RunAsync(SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        progress?.Report($"Reading Zendesk {instance.InstanceName()} agents, roles and groups");
        var client = clients.For(instance);
        var snapshot = await client.FetchSnapshotAsync(cancellationToken);
        var findings = ZendeskChecks.Run(team, instance, snapshot);
        return new AuditResult(Audit, team, findings, AuditReport.Zendesk(team, instance, snapshot, findings))
        {
            Accounts = VendorAccounts.Zendesk(snapshot, instance, client.ApiRoot, clock.GetUtcNow()),
        };
    }

    public async Task<JsonObject> ReadAccountsAsync(Func<CancellationToken, Task<SupportTeam.SupportTeam>> team, CancellationToken cancellationToken)
    {
        var client = clients.For(instance);
        return VendorAccounts.Zendesk(await client.FetchSnapshotAsync(cancellationToken), instance, client.ApiRoot, clock.GetUtcNow());
    }
}

/// <summary>The audit of the main Zendesk instance (<c>zendesk</c>).</summary>
public sealed class ZendeskMainAudit(ZendeskClients clients, TimeProvider clock) : ZendeskAudit(ZendeskInstance.Main, clients, clock)
{
    public override AuditKind Audit => AuditKind.Zendesk;
}

/// <summary>The audit of the US Federal Zendesk instance (<c>zendesk-us-federal</c>).</summary>
public sealed class ZendeskUsFederalAudit(ZendeskClients clients, TimeProvider clock) : ZendeskAudit(ZendeskInstance.UsFederal, clients, clock)
{
    public override AuditKind Audit => AuditKind.ZendeskUsFederal;
}
