using AuditOrchestrator.Sandbox.Zendesk;

namespace AuditOrchestrator.IntegrationTests.Workflows.Zendesk;

/// <summary>The follow-up host (service, simulated GitLab, fast clock) with both simulated Zendesk instances seeded.</summary>
internal sealed class ZendeskHost : IAsyncDisposable
{
    private ZendeskHost(FollowUpHost host, FakeZendesk main, FakeZendesk federal)
    {
        Host = host;
        Main = main;
        Federal = federal;
    }

    public FollowUpHost Host { get; }
    public FakeZendesk Main { get; }
    public FakeZendesk Federal { get; }

    public static async Task<ZendeskHost> StartAsync()
    {
        var main = ZendeskTeam.NewZendesk("main");
        var federal = ZendeskTeam.NewZendesk("us-federal");
        await main.StartAsync();
        await federal.StartAsync();
        ZendeskTeam.Seed(main, federal);
        var host = await FollowUpHost.StartAsync(ZendeskTeam.Yaml, moreSettings: ZendeskTeam.Settings(main, federal));
        return new ZendeskHost(host, main, federal);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Main.DisposeAsync();
        await Federal.DisposeAsync();
    }
}
