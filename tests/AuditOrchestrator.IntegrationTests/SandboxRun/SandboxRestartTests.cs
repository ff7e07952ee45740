using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Api.Sandbox;
using AuditOrchestrator.IntegrationTests.Infrastructure;

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

        List<string> earlier;
        string audit;
        await using (var first = ServiceProcess.Start(environment))
        {
            await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            using var client = Client(first);
            // A run of the first sandbox completes: the service has taken GitLab note and award ids (answers, the SOM's
            // approval), which the second sandbox must not hand out again.
            await Eventually.HoldsAsync(async () => await CompletedRunsAsync(client) is { Count: > 0 },
                TimeSpan.FromMinutes(2), "a run of the first sandbox completes\n" + first.Output);
            earlier = [.. (await RunsAsync(client)).Select(r => r.GetProperty("id").GetString()!)];
            audit = (await RunsAsync(client)).First(r => r.GetProperty("status").GetString() == "completed").GetProperty("audit").GetString()!;
            first.Kill();
        }

        await using var second = ServiceProcess.Start(environment);
        await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        using var api = Client(second);
        // A run of the first sandbox may have completed before it stopped; every other one is cancelled.
        await Eventually.HoldsAsync(async () => (await RunsAsync(api)).Where(r => earlier.Contains(r.GetProperty("id").GetString()!))
            .All(r => r.GetProperty("status").GetString() is "cancelled" or "completed"), TimeSpan.FromSeconds(60), "the earlier runs are cancelled\n" + second.Output);
        // The same story plays again: the same audit's review is approved first, by the first award of this GitLab.
        await Eventually.HoldsAsync(async () => (await RunsAsync(api)).Any(r => !earlier.Contains(r.GetProperty("id").GetString()!)
                && r.GetProperty("audit").GetString() == audit && r.GetProperty("status").GetString() == "completed"),
            TimeSpan.FromMinutes(2), $"the second sandbox's {audit} run completes: its people's answers and approval count\n" + second.Output);

        var cancelled = (await RunsAsync(api)).Where(r => r.GetProperty("status").GetString() == "cancelled")
            .Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.That(cancelled, Is.Not.Empty.And.SubsetOf(earlier));
        foreach (var id in cancelled)
        {
            var journal = (await api.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("journal").EnumerateArray().ToList();
            var entry = journal.Single(e => e.GetProperty("kind").GetString() == "cancelled");
            Assert.That(entry.GetProperty("actor").GetString(), Is.EqualTo("sandbox"));
            Assert.That(entry.GetProperty("data").GetProperty("reason").GetString(), Is.EqualTo(SandboxDriver.EarlierRunReason));
        }
        Assert.That((await api.GetFromJsonAsync<JsonElement>("/api/instances?status=faulted")).GetArrayLength(), Is.Zero, second.Output);
        Assert.That(second.Output, Does.Contain($"Cancelled {cancelled.Count} unfinished run(s) of an earlier sandbox"));
    }

    private static HttpClient Client(ServiceProcess service)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);
        return client;
    }

    private static async Task<List<string>> CompletedRunsAsync(HttpClient client) =>
        [.. (await RunsAsync(client)).Where(r => r.GetProperty("status").GetString() == "completed").Select(r => r.GetProperty("id").GetString()!)];

    private static async Task<List<JsonElement>> RunsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/runs")).EnumerateArray()];
}
