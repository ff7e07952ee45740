using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Connections;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Vendors.Zendesk;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Zendesk;

/// <summary>A Zendesk audit of one instance: agents, roles and groups. The main and the US Federal instance are two audits.</summary>
public abstract class ZendeskAudit(
    ZendeskInstance instance, ZendeskClients clients, IOptionsMonitor<ZendeskOptions> connections, ConnectionProbe probe, TimeProvider clock)
    : IAuditRegistration
{
    public abstract AuditDescriptor Descriptor { get; }

    /// <summary>The Zendesk instance an audit reads, or null when it is not a Zendesk audit.</summary>
    public static ZendeskInstance? InstanceOf(AuditKind audit) =>
        audit == AuditKind.Zendesk ? ZendeskInstance.Main : audit == AuditKind.ZendeskUsFederal ? ZendeskInstance.UsFederal : null;

    /// <summary>The instance as the token table's request names it: "US Federal" or "main".</summary>
    public static string TokenTableName(AuditKind audit) => InstanceOf(audit) == ZendeskInstance.UsFederal ? "US Federal" : "main";

    public async Task<AuditResult> RunAsync(SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        progress?.Report($"Reading Zendesk {instance.InstanceName()} agents, roles and groups");
        var client = clients.For(instance);
        var snapshot = await client.FetchSnapshotAsync(cancellationToken);
        var findings = ZendeskChecks.Run(team, instance, snapshot);
        return new AuditResult(Descriptor.Key, team, findings, AuditReport.Zendesk(team, instance, snapshot, findings))
        {
            Accounts = VendorAccounts.Zendesk(snapshot, instance, client.ApiRoot, clock.GetUtcNow()),
        };
    }

    public async Task<JsonObject> ReadAccountsAsync(Func<CancellationToken, Task<SupportTeam.SupportTeam>> team, CancellationToken cancellationToken)
    {
        var client = clients.For(instance);
        return VendorAccounts.Zendesk(await client.FetchSnapshotAsync(cancellationToken), instance, client.ApiRoot, clock.GetUtcNow());
    }

    public Task<ConnectionVerification> VerifyAsync(CancellationToken cancellationToken) =>
        ZendeskConnection.VerifyAsync(probe, Descriptor.Connection, instance, connections.Get(instance.ToString()), cancellationToken);
}

/// <summary>The audit of the main Zendesk instance (<c>zendesk</c>).</summary>
public sealed class ZendeskMainAudit(ZendeskClients clients, IOptionsMonitor<ZendeskOptions> connections, ConnectionProbe probe, TimeProvider clock)
    : ZendeskAudit(ZendeskInstance.Main, clients, connections, probe, clock)
{
    public static AuditDescriptor Declared { get; } = new(AuditKind.Zendesk, "Zendesk", "Zendesk", "Zendesk:Main:Token", "zendesk", "zendesk")
    {
        Connection = "zendesk-main",
        TeamFields = [ZendeskTeamField.Main],
    };

    public override AuditDescriptor Descriptor => Declared;
}

/// <summary>The audit of the US Federal Zendesk instance (<c>zendesk-us-federal</c>).</summary>
public sealed class ZendeskUsFederalAudit(ZendeskClients clients, IOptionsMonitor<ZendeskOptions> connections, ConnectionProbe probe, TimeProvider clock)
    : ZendeskAudit(ZendeskInstance.UsFederal, clients, connections, probe, clock)
{
    public static AuditDescriptor Declared { get; } = new(
        AuditKind.ZendeskUsFederal, "US Federal Zendesk", "Zendesk", "Zendesk:UsFederal:Token", "zendesk-us-federal", "zendesk-us-federal")
    {
        TeamFields = [ZendeskTeamField.UsFederal],
    };

    public override AuditDescriptor Descriptor => Declared;
}
