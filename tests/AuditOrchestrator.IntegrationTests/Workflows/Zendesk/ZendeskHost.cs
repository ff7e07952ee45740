using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.Zendesk;

namespace AuditOrchestrator.IntegrationTests.Workflows.Zendesk;

/// <summary>The follow-up host (service, simulated GitLab and PagerDuty, fast clock) with both simulated Zendesk instances seeded.</summary>
internal sealed class ZendeskHost : IAsyncDisposable
{
    private ZendeskHost(FollowUpHost host) => Host = host;

    public FollowUpHost Host { get; }
    public FakeZendesk Main => Host.World.ZendeskMain!;
    public FakeZendesk Federal => Host.World.ZendeskUsFederal!;

    public static async Task<ZendeskHost> StartAsync() =>
        new(await FollowUpHost.StartAsync(new WorldOptions(ZendeskTeam.Yaml)
        {
            PagerDuty = true,
            CollectPagerDutyAuditRecords = true,
            SeedZendesk = ZendeskTeam.Seed,
            Settings = new Dictionary<string, string?> { ["Audits:PagerDuty:Variant"] = "quarterly" },
        }));

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
