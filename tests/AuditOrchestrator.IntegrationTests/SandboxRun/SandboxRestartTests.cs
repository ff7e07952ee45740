using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Api.Sandbox;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;

namespace AuditOrchestrator.IntegrationTests.SandboxRun;

/// <summary>
/// The sandbox started again over its kept database: its simulated GitLab starts empty, so the earlier sandbox's
/// unfinished runs are cancelled at start, with the reason in their journal, instead of faulting on issues that are gone;
/// and its GitLab hands out ids the earlier one did not, so the new runs' answers count.
/// </summary>
public sealed class SandboxRestartTests
{
    [Test]
    public async Task SandboxRestart_CancelsTheEarlierSandboxsUnfinishedRuns_WithTheReason_AndTheNewRunsAnswersCount()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
            ["Sandbox__Enabled"] = "true",
            ["Workflows__Directory"] = RepositoryPaths.Workflows,
            // 72 hours in 13 s: a run completes in about a minute.
            ["Clock__Speed"] = "20000",
        };

        List<Guid> earlier;
        string audit;
        await using (var first = ServiceProcess.Start(environment))
        {
            await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            using var client = Client(first);
            // A run of the first sandbox completes: the service has taken GitLab note and award ids (answers, the SOM's
            // approval), which the second sandbox must not hand out again.
            await Eventually.HoldsAsync(async () => await CompletedRunsAsync(client) is { Count: > 0 },
                TimeSpan.FromMinutes(2), "a run of the first sandbox completes\n" + first.Output);
            earlier = [.. (await RunsAsync(client)).Select(r => r.Id)];
            audit = (await RunsAsync(client)).First(r => r.Status == "completed").Audit;
            first.Kill();
        }

        await using var second = ServiceProcess.Start(environment);
        await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        using var api = Client(second);
        // A run of the first sandbox may have completed before it stopped; every other one is cancelled.
        await Eventually.HoldsAsync(async () => (await RunsAsync(api)).Where(r => earlier.Contains(r.Id))
            .All(r => r.Status is "cancelled" or "completed"), TimeSpan.FromSeconds(60), "the earlier runs are cancelled\n" + second.Output);
        // The same story plays again: the same audit's review is approved first, by the first award of this GitLab.
        await Eventually.HoldsAsync(async () => (await RunsAsync(api)).Any(r => !earlier.Contains(r.Id) && r.Audit == audit && r.Status == "completed"),
            TimeSpan.FromMinutes(2), $"the second sandbox's {audit} run completes: its people's answers and approval count\n" + second.Output);

        var cancelled = (await RunsAsync(api)).Where(r => r.Status == "cancelled").Select(r => r.Id).ToList();
        Assert.That(cancelled, Is.Not.Empty.And.SubsetOf(earlier));
        foreach (var id in cancelled)
        {
            var entry = (await api.InstanceAsync(id)).Journal.Single(e => e.Kind == "cancelled");
            Assert.That(entry.Actor, Is.EqualTo("sandbox"));
            Assert.That(entry.Data?["reason"]?.GetValue<string>(), Is.EqualTo(SandboxDriver.EarlierRunReason));
        }
        Assert.That(await api.GetAsync<List<InstanceSummary>>("/api/instances?status=faulted"), Is.Empty, second.Output);
        Assert.That(second.Output, Does.Contain($"Cancelled {cancelled.Count} unfinished run(s) of an earlier sandbox"));
    }

    private static HttpClient Client(ServiceProcess service)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);
        return client;
    }

    private static async Task<List<Guid>> CompletedRunsAsync(HttpClient client) =>
        [.. (await RunsAsync(client)).Where(r => r.Status == "completed").Select(r => r.Id)];

    private static Task<List<RunView>> RunsAsync(HttpClient client) => client.GetAsync<List<RunView>>("/api/runs");
}
