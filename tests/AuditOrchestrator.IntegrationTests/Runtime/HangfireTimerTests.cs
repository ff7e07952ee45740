using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Runtime;

/// <summary>
/// Hangfire as the timers' alarm clock: the delayed job set after the commit fires a timer due in real time, a job run
/// twice or a second early changes nothing, and a timer whose alarm was never set is fired by the backstop sweep.
/// </summary>
public sealed class HangfireTimerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string OncePerDay = "1.00:00:00";

    [Test]
    public async Task TimerDueInRealTime_IsFiredByItsAlarm_WithoutTheBackstop()
    {
        await using var host = await RuntimeHost.StartAsync(new Dictionary<string, string?> { ["Jobs:TimerSweepInterval"] = OncePerDay });
        var id = await host.Admin.StartInstanceAsync("short-wait");
        await Eventually.HoldsAsync(async () => await host.Admin.StatusAsync(id) == "waiting", Patience, "the instance waits five seconds");
        // The alarm is set just after the commit that made the instance wait, so it may trail the status by a moment.
        await Eventually.HoldsAsync(async () => await ScheduledAlarmsAsync(host) == 1, Patience, "one alarm for the timer");

        await Eventually.HoldsAsync(async () => await host.Admin.StatusAsync(id) == "completed", Patience, "the alarm fires the timer");

        Assert.That(await host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_journal WHERE instance_id = '{id}' AND kind = 'resumed'"), Is.EqualTo(1));
    }

    [Test]
    public async Task SweepJob_RunASecondEarly_ThenTwiceAtOnce_FiresTheTimerOnce()
    {
        await using var host = await RuntimeHost.StartAsync(new Dictionary<string, string?> { ["Jobs:TimerSweepInterval"] = OncePerDay });
        var id = await host.Admin.StartInstanceAsync("wait-then-record");
        await Eventually.HoldsAsync(async () => await host.Admin.StatusAsync(id) == "waiting", Patience, "the instance waits 72 hours");
        var sweep = host.Service.Services.GetRequiredService<TimerSweepJob>();

        host.Clock.Advance(TimeSpan.FromHours(72) - TimeSpan.FromSeconds(1));
        await sweep.SweepAsync(null, CancellationToken.None);
        Assert.That(await host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_bookmarks WHERE instance_id = '{id}' AND consumed_at IS NOT NULL"),
            Is.Zero, "a second before its due time the timer is left alone");

        host.Clock.Advance(TimeSpan.FromSeconds(1.5));
        var jobs = host.Service.Services.GetRequiredService<IBackgroundJobClient>();
        var first = jobs.Enqueue<TimerSweepJob>(job => job.SweepAsync(null, CancellationToken.None));
        var second = jobs.Enqueue<TimerSweepJob>(job => job.SweepAsync(null, CancellationToken.None));
        await Eventually.HoldsAsync(() => Task.FromResult(Succeeded(host, first) && Succeeded(host, second)), Patience, "both sweeps run");

        await Eventually.HoldsAsync(async () => await host.Admin.StatusAsync(id) == "completed", Patience, "the timer fired");
        Assert.Multiple(async () =>
        {
            Assert.That(await host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_journal WHERE instance_id = '{id}' AND kind = 'resumed'"), Is.EqualTo(1));
            Assert.That(await host.Database.ScalarAsync<int>($"SELECT executions FROM recorded_effects WHERE instance_id = '{id}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TimerWhoseAlarmWasNeverScheduled_IsFiredByTheBackstopSweep()
    {
        await using var host = await RuntimeHost.StartAsync(new Dictionary<string, string?> { ["Jobs:TimerSweepInterval"] = "00:00:02" });
        var id = await host.Admin.StartInstanceAsync("short-wait");
        await Eventually.HoldsAsync(async () => await host.Admin.StatusAsync(id) == "waiting", Patience, "the instance waits five seconds");
        await Eventually.HoldsAsync(async () => await ScheduledAlarmsAsync(host) == 1, Patience, "the alarm is set");
        // As if the node had died between its commit and setting the alarm.
        var removed = await host.Database.ScalarAsync<long>("""
            WITH alarm AS (DELETE FROM hangfire.job WHERE statename = 'Scheduled' RETURNING id),
                 scheduled AS (DELETE FROM hangfire.set WHERE key = 'schedule' RETURNING 1)
            SELECT (SELECT count(*) FROM alarm)
            """);
        Assert.That(removed, Is.EqualTo(1), "the alarm existed and is gone");

        await Eventually.HoldsAsync(async () => await host.Admin.StatusAsync(id) == "completed", Patience, "the backstop sweep fires the timer");

        Assert.That(await host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_journal WHERE instance_id = '{id}' AND kind = 'resumed'"), Is.EqualTo(1));
    }

    private static Task<long> ScheduledAlarmsAsync(RuntimeHost host) =>
        host.Database.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Scheduled'");

    private static bool Succeeded(RuntimeHost host, string jobId)
    {
        using var connection = host.Service.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(jobId)?.Name == "Succeeded";
    }
}
