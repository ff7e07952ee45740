using System.Security.Cryptography;
using AuditOrchestrator.Sandbox.Calendly;
using AuditOrchestrator.Sandbox.Hosting;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.PagerDuty.AuditRecords;
using AuditOrchestrator.Sandbox.Zendesk;

namespace AuditOrchestrator.Sandbox.DemoTeam;

/// <summary>
/// PagerDuty, Calendly and both Zendesk instances running as real HTTP servers on 127.0.0.1, seeded from the demo team
/// with its planted problems (see <see cref="DemoVendorState"/>), with fresh random tokens. <see cref="Configuration"/> gives the keys a host needs.
/// </summary>
public sealed class SimulatedVendors : IAsyncDisposable
{
    private SimulatedVendors(FakePagerDuty pagerDuty, FakeCalendly calendly, FakeZendesk zendeskMain, FakeZendesk zendeskUsFederal)
    {
        PagerDuty = pagerDuty;
        Calendly = calendly;
        ZendeskMain = zendeskMain;
        ZendeskUsFederal = zendeskUsFederal;
    }

    public FakePagerDuty PagerDuty { get; }
    public SimulatedAuditRecords AuditRecords { get; private set; } = null!;
    public FakeCalendly Calendly { get; }
    public FakeZendesk ZendeskMain { get; }
    public FakeZendesk ZendeskUsFederal { get; }

    public IReadOnlyList<FakeVendorServer> All => [PagerDuty, Calendly, ZendeskMain, ZendeskUsFederal];

    /// <summary>Base URLs and tokens as configuration keys (":" separated; environment variables use "__").</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["PagerDuty:BaseUrl"] = PagerDuty.BaseUrl,
        ["PagerDuty:Token"] = PagerDuty.Token,
        ["Calendly:BaseUrl"] = Calendly.BaseUrl,
        ["Calendly:Token"] = Calendly.Token,
        ["Zendesk:Main:BaseUrl"] = ZendeskMain.BaseUrl,
        ["Zendesk:Main:Email"] = ZendeskMain.Email,
        ["Zendesk:Main:Token"] = ZendeskMain.Token,
        ["Zendesk:UsFederal:BaseUrl"] = ZendeskUsFederal.BaseUrl,
        ["Zendesk:UsFederal:Email"] = ZendeskUsFederal.Email,
        ["Zendesk:UsFederal:Token"] = ZendeskUsFederal.Token,
    };

    /// <summary>Starts the four vendors and seeds them from the demo team. <paramref name="time"/> drives their rate limiters and slow answers.</summary>
    public static async Task<SimulatedVendors> StartAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var team = await DemoTeamFiles.LoadAsync(cancellationToken);
        var vendors = new SimulatedVendors(
            new FakePagerDuty(NewToken(), time),
            new FakeCalendly(NewToken(), time),
            new FakeZendesk("main", "support-ops@example.com", NewToken(), time),
            new FakeZendesk("us-federal", "support-ops@example.com", NewToken(), time));
        // The sandbox's PagerDuty also keeps audit records: a week of demo changes for the collector to gather.
        vendors.AuditRecords = SimulatedAuditRecords.AttachTo(vendors.PagerDuty);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        vendors.AuditRecords.Seed(250, now.AddDays(-7), now);
        try
        {
            foreach (var server in vendors.All)
            {
                await server.StartAsync(cancellationToken);
            }
        }
        catch
        {
            await vendors.DisposeAsync();
            throw;
        }

        DemoVendorState.SeedPagerDuty(team, vendors.PagerDuty);
        DemoVendorState.SeedCalendly(team, vendors.Calendly);
        DemoVendorState.SeedZendeskMain(team, vendors.ZendeskMain);
        DemoVendorState.SeedZendeskUsFederal(team, vendors.ZendeskUsFederal);
        return vendors;
    }

    private static string NewToken() => "sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async ValueTask DisposeAsync()
    {
        foreach (var server in All)
        {
            await server.DisposeAsync();
        }
    }
}
