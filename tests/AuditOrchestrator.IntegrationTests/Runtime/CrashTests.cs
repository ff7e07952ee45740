using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Api.Clock;

namespace AuditOrchestrator.IntegrationTests.Runtime;

/// <summary>Nodes are real processes killed with SIGKILL: no shutdown code runs, as in a power cut.</summary>
public sealed class CrashTests : DatabasePerTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] ExpectedEffects = ["first", "second", "third", "fourth"];

    [Test]
    public async Task NodeKilledAtRandomPoints_EveryInstanceCompletes_AndEachEffectExistsOnce()
    {
        await using var cluster = new NodeCluster(Database);
        var (first, client) = await cluster.StartNodeAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await client.StartInstanceAsync("multi-step"));
        }
        var random = new Random(20261122);
        first.Kill();
        for (var crash = 0; crash < 2; crash++)
        {
            var (node, _) = await cluster.StartNodeAsync();
            await Task.Delay(random.Next(200, 1500));
            node.Kill();
        }

        var (_, survivor) = await cluster.StartNodeAsync();

        await Eventually.HoldsAsync(
            async () => await Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'completed'") == 50,
            Patience, "all 50 instances complete");
        await AssertEachEffectOnceAsync(ids);
        survivor.Dispose();
    }

    [Test]
    public async Task TwoNodesRacingOverHundredInstances_RunNoStepTwice_AndNoneIsStuck()
    {
        // No node dies here, so the lease is the production-like 30 s: a 3 s lease can lapse while a loaded machine
        // stalls a live node, and the take-over that follows is the kill tests' subject, not this one's.
        await using var cluster = new NodeCluster(Database, new Dictionary<string, string> { ["Runtime__LeaseDuration"] = "00:00:30" });
        var (_, a) = await cluster.StartNodeAsync();
        var (_, b) = await cluster.StartNodeAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => (i % 2 == 0 ? a : b).StartInstanceAsync("multi-step")));

        await Eventually.HoldsAsync(
            async () => await Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'completed'") == 100,
            Patience, "all 100 instances complete");
        await AssertEachEffectOnceAsync(ids);
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM recorded_effects WHERE executions > 1"), Is.Zero,
            "with no node dying, no step ran twice");
    }

    [Test]
    public async Task OneOfTwoNodesKilledMidRun_TheOtherFinishesItsInstancesAfterTheLeaseExpires()
    {
        await using var cluster = new NodeCluster(Database);
        var (doomed, a) = await cluster.StartNodeAsync();
        var (_, b) = await cluster.StartNodeAsync();
        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => a.StartInstanceAsync("multi-step")));
        await Task.Delay(300);

        doomed.Kill();

        await Eventually.HoldsAsync(
            async () => await Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'completed'") == 100,
            Patience, "the surviving node completes all 100");
        await AssertEachEffectOnceAsync(ids);
        Assert.That(await b.StatusAsync(ids[0]), Is.EqualTo("completed"));
    }

    [Test]
    public async Task TimerDueWhileNoNodeRuns_FiresOnceWhenANodeStarts()
    {
        await using var cluster = new NodeCluster(Database);
        var (node, client) = await cluster.StartNodeAsync();
        var id = await client.StartInstanceAsync("short-wait");
        await Eventually.HoldsAsync(async () => await client.StatusAsync(id) == "waiting", Patience, "the instance waits");
        node.Kill();

        await Task.Delay(TimeSpan.FromSeconds(6));
        var (_, restarted) = await cluster.StartNodeAsync();

        await Eventually.HoldsAsync(async () => await restarted.StatusAsync(id) == "completed", Patience, "the overdue timer fires");
        var detail = await restarted.InstanceAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(detail.JournalCount("resumed"), Is.EqualTo(1));
            Assert.That(await Database.ScalarAsync<int>($"SELECT executions FROM recorded_effects WHERE instance_id = '{id}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ScaledClock_SurvivesARestart_WithoutGoingBack()
    {
        await using var cluster = new NodeCluster(Database, new Dictionary<string, string>
        {
            ["Clock__Speed"] = "3600",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
        var (node, client) = await cluster.StartNodeAsync();
        var before = await client.GetAsync<ClockApi.ClockView>("/api/clock");
        node.Kill();

        var (_, restarted) = await cluster.StartNodeAsync();
        var after = await restarted.GetAsync<ClockApi.ClockView>("/api/clock");

        Assert.Multiple(() =>
        {
            Assert.That(after.Speed, Is.EqualTo(3600));
            Assert.That(after.SimulatedStart, Is.EqualTo(before.SimulatedStart));
            Assert.That(after.Now, Is.GreaterThan(before.Now));
        });
    }

    private async Task AssertEachEffectOnceAsync(IEnumerable<Guid> ids)
    {
        foreach (var id in ids)
        {
            var steps = await Database.ScalarAsync<string>(
                $"SELECT string_agg(split_part(key, ':', 4), ',' ORDER BY split_part(key, ':', 2)::int) FROM recorded_effects WHERE instance_id = '{id}'");
            Assert.That(steps, Is.EqualTo(string.Join(',', ExpectedEffects)), $"effects of {id}");
        }
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'faulted'"), Is.Zero);
    }
}
