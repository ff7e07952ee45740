using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using AuditOrchestrator.Sandbox.GitLab;

namespace AuditOrchestrator.IntegrationTests.Operations;

public sealed partial class TwoNodeAuditTests
{
    /// <summary>
    /// Five timed-out re-checks on two nodes, each node running at most two steps at once, while PagerDuty is paced to
    /// one request every two seconds: one re-check's pass runs for seconds, and re-checks on both nodes wait for it.
    /// </summary>
    [Test]
    public async Task TwoNodesWaitingOnOneRunningPass_BothTakeItsFindings_OnePassOnly()
    {
        await using var world = await AuditWorld.StartAsync(PagerDutyWorld);
        var (database, pagerDuty, gitLab) = (world.Database, world.PagerDuty!, world.GitLab);
        var environment = world.ProcessEnvironment(new Dictionary<string, string>
        {
            ["Clock__Speed"] = Speed,
            ["Runtime__LeaseDuration"] = "00:00:30",
            ["Runtime__MaxConcurrency"] = "2",
            // On the service clock: a day is 4.3 real seconds here, enough to span the round's pings.
            ["Audits__RecheckWindow"] = "1.00:00:00",
            ["PagerDuty__RequestsPerMinute"] = "30",
        });
        await using var first = ServiceProcess.Start(new Dictionary<string, string>(environment) { ["Runtime__NodeId"] = "node-a" });
        await using var second = ServiceProcess.Start(new Dictionary<string, string>(environment) { ["Runtime__NodeId"] = "node-b" });
        await Task.WhenAll(first.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), second.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));
        using var a = Client(first);
        gitLab.SendWebhooksTo(new Uri(first.BaseAddress, "/webhooks/gitlab"));

        var run = await a.StartRunAsync("pagerduty");
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            iid = (await a.RunAsync(run)).Issue?.Iid ?? 0;
            return iid > 0 && BotNotes(world, iid).Count >= 5;
        }, Patience, "the issue and its five threads exist");
        // The run's own pass ended before the issue was written; nothing else reads PagerDuty until the re-checks.
        var onePass = pagerDuty.Calls.Count;

        // The 72 hours run out on the fast clock: while the one pass reads PagerDuty, both nodes hold re-checks of the run.
        var bothNodesWaited = false;
        var callsWhenServed = 0;
        await Eventually.HoldsAsync(async () =>
        {
            callsWhenServed = pagerDuty.Calls.Count;
            var nodes = await database.ScalarAsync<long>($"""
                SELECT count(DISTINCT i.lease_owner) FROM workflow_instances i
                WHERE i.status = 'running' AND i.lease_owner IS NOT NULL AND i.lease_expires_at > clock_timestamp()
                  AND EXISTS (SELECT 1 FROM audit_recheck_passes p WHERE p.run_id = '{run}' AND p.finished_at IS NULL)
                """);
            bothNodesWaited |= nodes == 2;
            // The second round cannot start before its four days (17 s here) have run out.
            return await database.ScalarAsync<int>($"SELECT coalesce(sum(served), 0)::int FROM audit_recheck_passes WHERE run_id = '{run}'") >= 5;
        }, Patience, "the five re-checks are served");

        var round = await database.ScalarAsync<string>($"SELECT step FROM audit_recheck_passes WHERE run_id = '{run}' ORDER BY started_at LIMIT 1");
        var claimers = await database.ScalarAsync<long>($"SELECT count(*) FROM audit_recheck_passes WHERE run_id = '{run}' AND step = '{round}'");
        var served = await database.ScalarAsync<int>($"SELECT sum(served)::int FROM audit_recheck_passes WHERE run_id = '{run}' AND step = '{round}'");
        Assert.Multiple(() =>
        {
            Assert.That(bothNodesWaited, Is.True, "re-checks on both nodes were running while the pass read PagerDuty");
            Assert.That(claimers, Is.EqualTo(1), "one pass for the round");
            Assert.That(served, Is.EqualTo(5), "it served all five re-checks");
            Assert.That(callsWhenServed, Is.EqualTo(2 * onePass), "PagerDuty read twice: the audit and the one re-check pass");
        });
    }
}
