using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>
/// Two service processes on one PostgreSQL, each reaching it through its own relay: one node's clock runs 60 s ahead,
/// the other node's database stalls for 45 s while it is posting the pings. Leases live on the database's clock, and a
/// node that cannot renew stops before its next side effect, so every note is posted exactly once.
/// </summary>
public sealed class LeaseOnDatabaseClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(45);

    [Test]
    public async Task ClockSixtySecondsAhead_AndFortyFiveSecondDatabaseStall_EveryNotePostedOnce()
    {
        await using var world = await AuditWorld.StartAsync(new WorldOptions(SmallTeam.Yaml)
        {
            SeedPagerDuty = SmallTeam.SeedPagerDuty,
            Settings = new Dictionary<string, string?> { ["Audits:PagerDuty:Variant"] = "quarterly" },
        });
        var upstream = new NpgsqlConnectionStringBuilder(world.Database.ConnectionString);
        await using var honestRelay = new PausableTcpProxy(upstream.Host!, upstream.Port);
        await using var skewedRelay = new PausableTcpProxy(upstream.Host!, upstream.Port);
        var environment = world.ProcessEnvironment(new Dictionary<string, string>
        {
            ["Runtime__LeaseDuration"] = "00:00:03",
            // Note writes paced five seconds apart: when the first ping is on the issue, the others are still to come.
            ["GitLab__NotesPerMinute"] = "12",
        });
        await using var honest = ServiceProcess.Start(Through(environment, honestRelay, upstream));
        await using var skewed = ServiceProcess.Start(new Dictionary<string, string>(Through(environment, skewedRelay, upstream)) { ["Clock__Skew"] = "00:01:00" });
        await Task.WhenAll(honest.WaitUntilReadyAsync(Patience), skewed.WaitUntilReadyAsync(Patience));
        using var client = Client(honest);

        // The run starts on the honest node while the skewed one is cut off, so the honest node is the one posting.
        skewedRelay.Pause();
        var run = await client.StartRunAsync("pagerduty");
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            iid = (await client.RunAsync(run)).Issue?.Iid ?? 0;
            return iid > 0 && world.BotNotes(iid).Count >= 1;
        }, Patience, "the honest node has posted its first ping");

        // Mid-pings, the honest node's database stalls for 45 s; the node whose clock is 60 s ahead comes back.
        // The stall is the fault itself, held for its whole length and no longer: a transaction the stalled node had
        // open keeps its row locks until its connection moves again, and the takeover may have to wait for that.
        honestRelay.Pause();
        var stallEnds = Task.Delay(Stall).ContinueWith(_ => honestRelay.Resume(), TaskScheduler.Default);
        skewedRelay.Resume();
        using (var skewedClient = Client(skewed))
        {
            await Eventually.HoldsAsync(async () => Waiting(await skewedClient.RunAsync(run)) == 5,
                Stall + Patience, "the other node takes the run over once the leases expire, and every item waits");
        }
        await stallEnds;
        await Eventually.HoldsAsync(async () => Waiting(await client.RunAsync(run)) == 5,
            Patience, "the stalled node is back and sees the same run");

        var notes = world.BotNotes(iid).Select(n => n.Body).ToList();
        var journaled = await world.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_journal WHERE kind = 'pinged'");
        Assert.Multiple(() =>
        {
            Assert.That(notes.Distinct().Count(), Is.EqualTo(notes.Count), $"no note posted twice ({notes.Count} notes)");
            Assert.That(notes, Has.Count.EqualTo(5), "one first ping per item");
            Assert.That(journaled, Is.EqualTo(5), "each ping journalled once");
        });
    }

    private static Dictionary<string, string> Through(Dictionary<string, string> environment, PausableTcpProxy relay, NpgsqlConnectionStringBuilder upstream) =>
        new(environment)
        {
            ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(upstream.ConnectionString) { Host = "127.0.0.1", Port = relay.Port }.ConnectionString,
        };

    private static int Waiting(RunView run) => run.Items!.Count(i => i.NextTimer is not null);

    private static HttpClient Client(ServiceProcess node)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);
        return client;
    }
}
