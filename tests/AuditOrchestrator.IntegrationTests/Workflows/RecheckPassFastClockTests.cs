using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>
/// On a sped-up service clock (the sandbox's, the end-to-end tests'), a re-check its timer resumed reaches back for a
/// pass of its round by <c>Audits__RecheckWindow</c> of service-clock time. In real time five minutes would be months of
/// that clock, and a pass read before the person fixed their account, days (simulated) before their wait ran out,
/// would answer for them. The service runs as its own process, so its waits are its clock's, not a test's jumps.
/// </summary>
public sealed class RecheckPassFastClockTests
{
    // 72 simulated hours are 13 real seconds: Alice's answer is re-checked well inside Bob's wait.
    private const string Speed = "20000";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Test]
    public async Task TimedOutRecheck_OnAFastClock_IsNotAnsweredByAPassReadBeforeThePersonsFix()
    {
        await using var world = await AuditWorld.StartAsync(new WorldOptions(SmallTeam.Yaml)
        {
            SeedPagerDuty = SmallTeam.SeedPagerDuty,
            Settings = new Dictionary<string, string?> { ["Audits:PagerDuty:Variant"] = "quarterly" },
        });
        await using var node = ServiceProcess.Start(world.ProcessEnvironment(new Dictionary<string, string>
        {
            ["Clock__Speed"] = Speed,
            ["Audits__RecheckWindow"] = "00:05:00",
        }));
        await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        world.GitLab.SendWebhooksTo(new Uri(node.BaseAddress, "/webhooks/gitlab"));
        using var admin = new HttpClient { BaseAddress = node.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);

        var run = await admin.StartRunAsync("pagerduty");
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            iid = (await admin.RunAsync(run)).Issue?.Iid ?? 0;
            return iid > 0 && world.BotNotes(iid).Count >= 5;
        }, Patience, "the issue and its five threads exist");
        var threads = world.BotNotes(iid).GroupBy(n => n.DiscussionId).Select(g => g.First())
            .Where(n => n.Mentions.FirstOrDefault() is "alice" or "bob").ToDictionary(n => n.Mentions[0], n => n.DiscussionId);

        // Alice fixes and answers: her re-check reads PagerDuty, where Bob still fails.
        world.PagerDuty!.AddToSchedule("PSCHED1", "PALICE1");
        await world.GitLab.Fake.ReplyAsync(iid, threads["alice"], "alice", "Added myself to the rotation.");
        await Eventually.HoldsAsync(async () => await StateAsync(admin, run, "alice") == "addressed", Patience, "Alice's answer passes the re-check");
        // Then Bob fixes his account without a word, long before his 72 hours run out.
        world.PagerDuty.AddUser("PBOB001", "Bob Silent", "bob@example.com");
        world.PagerDuty.AddToSchedule("PSCHED1", "PBOB001");

        await Eventually.HoldsAsync(async () => await StateAsync(admin, run, "bob") == "addressed" || BobsNotes() > 1,
            Patience, "Bob's timed-out re-check decided");
        Assert.Multiple(async () =>
        {
            Assert.That(await StateAsync(admin, run, "bob"), Is.EqualTo("addressed"), "the re-check read PagerDuty after Bob's fix");
            Assert.That(BobsNotes(), Is.EqualTo(1), "Bob is not pinged again");
        });

        int BobsNotes() => world.BotNotes(iid).Count(n => n.DiscussionId == threads["bob"]);
    }

    private static async Task<string?> StateAsync(HttpClient admin, Guid run, string item) =>
        (await admin.RunAsync(run)).Items?.SingleOrDefault(i => i.Id == item)?.State;
}
