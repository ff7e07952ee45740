using System.Diagnostics;
using System.Globalization;

namespace AuditOrchestrator.IntegrationTests.Workflows.Crash;

/// <summary>Issue 5: "the 001 run again with the node killed hard twice at random points: the same calls, no duplicates".</summary>
public sealed class KilledRunTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(100);

    [Test]
    public async Task Run001_WithTheNodeKilledTwiceAtRandomPoints_MakesTheSameCallsAsAnUnkilledRun_NoneTwice()
    {
        // Set AUDITORCHESTRATOR_CRASH_SEED to replay a failure.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("AUDITORCHESTRATOR_CRASH_SEED"), CultureInfo.InvariantCulture, out var given)
            ? given : Random.Shared.Next();
        var started = Stopwatch.GetTimestamp();
        await TestContext.Out.WriteLineAsync($"crash seed: {seed}");
        var random = new Random(seed);
        // The run lasts ten simulated days, about 17 s of real time at speed 50,000: kill within its first 15 s.
        var killAt = new[] { random.NextDouble(), random.NextDouble() }.Select(f => TimeSpan.FromSeconds(1 + (f * 14))).Order().ToArray();
        await TestContext.Out.WriteLineAsync($"kills after {killAt[0].TotalSeconds:F1} s and {killAt[1].TotalSeconds:F1} s");

        // The unkilled run and the killed one side by side, each in its own world.
        var starting = new[] { ProcessAuditWorld.StartAsync(), ProcessAuditWorld.StartAsync() };
        await Task.WhenAll(starting);
        await using var calm = await starting[0];
        await using var killed = await starting[1];
        await TestContext.Out.WriteLineAsync($"worlds ready after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        var calmRun = await calm.StartRunAsync();
        var killedRun = await killed.StartRunAsync();
        var clock = Stopwatch.StartNew();

        var killer = Task.Run(async () =>
        {
            foreach (var at in killAt)
            {
                var wait = at - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                await killed.KillAndRestartAsync();
            }
        });
        await Task.WhenAll(
            calm.PlayPeopleUntilCompletedAsync(calmRun, Patience),
            killed.PlayPeopleUntilCompletedAsync(killedRun, Patience),
            killer);
        // The second kill may have landed after the run completed: the restarted node must leave it completed.
        await killed.PlayPeopleUntilCompletedAsync(killedRun, Patience);

        var expected = calm.Effects();
        var actual = killed.Effects();
        await TestContext.Out.WriteLineAsync($"unkilled: {expected}\nkilled:   {actual}");
        Assert.Multiple(() =>
        {
            Assert.That(killed.Kills, Is.EqualTo(2));
            Assert.That(expected.Threads, Is.EquivalentTo(new[]
            {
                "alice", "bob", "carol > carol", "dave > dave > tlead > msom", "msom > msom > msom", "msom",
            }), "the unkilled run follows chart 001");
            Assert.That(expected.SomDms, Is.Empty, "chart 001 sends no DM");
            Assert.That(expected.Issues, Is.EqualTo(1));
            Assert.That(expected.ClosedIssues, Is.EqualTo(1));
            Assert.That(expected.CloseRequests, Is.EqualTo(1));
            Assert.That(expected.DistinctNoteKeys, Is.EqualTo(expected.Notes));

            Assert.That(actual.Threads, Is.EqualTo(expected.Threads), $"seed {seed}: the same notes in the same threads");
            Assert.That(actual.Notes, Is.EqualTo(expected.Notes), $"seed {seed}: no note twice");
            Assert.That(actual.DistinctNoteKeys, Is.EqualTo(actual.Notes), $"seed {seed}: every note carries its own key");
            Assert.That(actual.SomDms, Is.EqualTo(expected.SomDms), $"seed {seed}: the same DMs");
            Assert.That(actual.Issues, Is.EqualTo(1), $"seed {seed}: one issue");
            Assert.That(actual.ClosedIssues, Is.EqualTo(1), $"seed {seed}: the issue is closed");
            Assert.That(actual.CloseRequests, Is.EqualTo(1), $"seed {seed}: closed once");
        });
    }
}
