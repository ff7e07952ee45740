using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>
/// Re-checks that fall due together share one vendor pass (audit_recheck_passes), through the real service with the
/// simulated PagerDuty counting its requests; and a pass that started before an item's answer never serves it.
/// </summary>
public sealed class RecheckPassTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private FollowUpHost _host = null!;

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TestCase("00:05:00", 1)]
    [TestCase("00:00:00", 5)]
    public async Task Recheck_WhenEveryTimerFallsDueTogether_CostsOnePassUnlessSharingIsOff(string window, int passes)
    {
        await StartAsync(window);
        var run = await _host.StartRunAsync();
        var (iid, _) = await _host.FirstPingsAsync(run, 5);
        var onePass = AuditRequests();
        Assert.That(onePass, Is.GreaterThan(0), "the audit's own pass read PagerDuty");
        _host.PagerDuty.ClearCalls();

        // Five items wait 72 hours; nobody answers: all five re-checks fall due at once, then five second pings.
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => _host.BotNotes(iid).Count == 10, Patience, "five re-checks and five second pings");

        var passRows = await _host.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_recheck_passes WHERE run_id = '{run}'");
        Assert.Multiple(() =>
        {
            Assert.That(AuditRequests(), Is.EqualTo(passes * onePass), $"five re-checks cost {passes} pass(es) of {onePass} requests");
            Assert.That(passRows, Is.EqualTo(window == "00:00:00" ? 0 : 1), "sharing records its pass; a pass of its own is not recorded");
        });
        if (passes == 1)
        {
            Assert.That(await _host.Database.ScalarAsync<int>($"SELECT served FROM audit_recheck_passes WHERE run_id = '{run}'"), Is.EqualTo(5));
        }
    }

    [Test]
    public async Task Recheck_WhenAFinishedPassStartedBeforeTheAnswer_RunsAFreshPassAndDoesNotCallItFixed()
    {
        var (run, iid, threads) = await AlicesPassSeesBobFineAsync();

        // Then Bob's account is gone again, and Bob answers: the pass (well within the window) started before his
        // answer, so it must not answer for him.
        _host.PagerDuty.RemoveUser("PBOB001");
        await _host.ReplyAsync(iid, threads["bob"], "bob", "Done, I think.");
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "bob") is "explained" or "addressed", Patience, "Bob's answer is re-checked");

        Assert.Multiple(async () =>
        {
            Assert.That(await _host.ItemStateAsync(run, "bob"), Is.EqualTo("explained"), "a fresh pass finds Bob's account still missing");
            Assert.That(await _host.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_recheck_passes WHERE run_id = '{run}' AND finished_at IS NOT NULL"),
                Is.EqualTo(2), "Bob's re-check ran a pass of its own");
        });
    }

    [Test]
    public async Task Recheck_WhenTimersFallDueAfterAPassOfTheirRound_ShareItWhileTheirPeopleStillFail()
    {
        await StartAsync("00:05:00");
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);
        _host.PagerDuty.AddToSchedule("PSCHED1", "PALICE1");
        await _host.ReplyAsync(iid, threads["alice"], "alice", "Added myself to the rotation.");
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "alice") == "addressed", Patience, "Alice's answer passes the re-check");
        _host.PagerDuty.ClearCalls();

        // The other four wait out their 72 hours after Alice's pass started; nobody answers, and all four still fail in
        // it: it serves their round.
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await _host.Database.ScalarAsync<int>($"SELECT coalesce(sum(served), 0)::int FROM audit_recheck_passes WHERE run_id = '{run}'") == 5,
            Patience, "four timed-out re-checks served");

        Assert.Multiple(async () =>
        {
            Assert.That(await _host.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_recheck_passes WHERE run_id = '{run}'"), Is.EqualTo(1),
                "one pass for the round");
            Assert.That(AuditRequests(), Is.Zero, "the timed-out re-checks read nothing from PagerDuty");
        });
    }

    [Test]
    public async Task Recheck_WhenAPassOfTheRoundStartedBeforeTheTimerAndSawThePersonFine_RunsAFreshPassInstead()
    {
        var (run, iid, threads) = await AlicesPassSeesBobFineAsync();

        // Bob's account is gone again before his timer: the older pass would call him fixed, so his re-check reads anew.
        _host.PagerDuty.RemoveUser("PBOB001");
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        // Bob's re-check has decided once he is addressed or pinged a second time on his thread.
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "bob") == "addressed"
            || _host.BotNotes(iid).Count(n => n.DiscussionId == threads["bob"]) == 2, Patience, "Bob's timed-out re-check decided");

        Assert.Multiple(async () =>
        {
            Assert.That(await _host.ItemStateAsync(run, "bob"), Is.Not.EqualTo("addressed"), "Bob is not called fixed from the older pass");
            Assert.That(await _host.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_recheck_passes WHERE run_id = '{run}' AND finished_at IS NOT NULL"),
                Is.EqualTo(2), "Bob's re-check ran a pass of its own");
        });
    }

    /// <summary>
    /// Starts a run whose pings are out; Bob's account is fixed for a moment, and Alice's answer runs a pass that sees
    /// Bob fine. Returns once Alice is addressed.
    /// </summary>
    private async Task<(Guid Run, long Iid, Dictionary<string, string> Threads)> AlicesPassSeesBobFineAsync()
    {
        await StartAsync("00:05:00");
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);
        _host.PagerDuty.AddUser("PBOB001", "Bob Silent", "bob@example.com");
        _host.PagerDuty.AddToSchedule("PSCHED1", "PBOB001");
        _host.PagerDuty.AddToSchedule("PSCHED1", "PALICE1");
        await _host.ReplyAsync(iid, threads["alice"], "alice", "Added myself to the rotation.");
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "alice") == "addressed", Patience, "Alice's answer passes the re-check");
        return (run, iid, threads);
    }

    private async Task StartAsync(string window)
    {
        _host = await SmallTeam.StartAsync(moreSettings: new Dictionary<string, string?>
        {
            ["Audits:RecheckWindow"] = window,
            // Only the audit reads PagerDuty here.
            ["PagerDutyAuditLogs:Enabled"] = "false",
        });
    }

    private int AuditRequests() => _host.PagerDuty.Calls.Count(c => !c.PathAndQuery.StartsWith("/audit/records", StringComparison.Ordinal));
}
