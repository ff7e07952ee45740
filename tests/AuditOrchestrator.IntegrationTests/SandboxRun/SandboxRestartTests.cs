using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Api.Sandbox;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.SandboxRun;

/// <summary>
/// The sandbox started again over its kept database: its simulated GitLab starts empty, so the earlier sandbox's
/// unfinished runs are cancelled at start, with the reason in their journal, instead of faulting on issues that are gone.
/// </summary>
public sealed class SandboxRestartTests
{
    [Test]
    public async Task SandboxRestart_CancelsTheEarlierSandboxsUnfinishedRuns_WithTheReason_AndNothingFaults()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
            ["Sandbox__Enabled"] = "true",
            ["Workflows__Directory"] = RepositoryPaths.Workflows,
        };

        List<string> earlier;
        await using (var first = ServiceProcess.Start(environment))
        {
            await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            using var client = Client(first);
            // Real time: every run is still in its first 72-hour wait when this sandbox stops.
            await Eventually.HoldsAsync(async () => (await RunsAsync(client)).Count(r => r.GetProperty("issue").ValueKind == JsonValueKind.Object) >= 2,
                TimeSpan.FromSeconds(90), "the first sandbox's runs open their issues\n" + first.Output);
            earlier = [.. (await RunsAsync(client)).Select(r => r.GetProperty("id").GetString()!)];
            first.Kill();
        }

        await using var second = ServiceProcess.Start(new Dictionary<string, string>(environment) { ["Sandbox__StartRuns"] = "false" });
        await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        using var api = Client(second);
        await Eventually.HoldsAsync(async () => (await RunsAsync(api)).All(r => r.GetProperty("status").GetString() == "cancelled"),
            TimeSpan.FromSeconds(60), "the earlier runs are cancelled\n" + second.Output);

        var runs = await RunsAsync(api);
        Assert.That(runs.Select(r => r.GetProperty("id").GetString()), Is.EquivalentTo(earlier));
        foreach (var id in earlier)
        {
            var journal = (await api.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("journal").EnumerateArray().ToList();
            var cancelled = journal.Single(e => e.GetProperty("kind").GetString() == "cancelled");
            Assert.That(cancelled.GetProperty("actor").GetString(), Is.EqualTo("sandbox"));
            Assert.That(cancelled.GetProperty("data").GetProperty("reason").GetString(), Is.EqualTo(SandboxDriver.EarlierRunReason));
        }
        Assert.That((await api.GetFromJsonAsync<JsonElement>("/api/instances?status=faulted")).GetArrayLength(), Is.Zero, second.Output);
        Assert.That(second.Output, Does.Contain($"Cancelled {earlier.Count} unfinished run(s) of an earlier sandbox"));
    }

    private static HttpClient Client(ServiceProcess service)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);
        return client;
    }

    private static async Task<List<JsonElement>> RunsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/runs")).EnumerateArray()];
}
