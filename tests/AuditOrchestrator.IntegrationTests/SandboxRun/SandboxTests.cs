using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.IntegrationTests.Evidence;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;

namespace AuditOrchestrator.IntegrationTests.SandboxRun;

/// <summary>The sandbox as the README's run command starts it: no vendor token, simulated vendors, a fast clock.</summary>
public sealed class SandboxTests : DatabasePerTest
{
    [Test]
    public async Task Sandbox_RunsEachAvailableAuditToCompletion_WithSimulatedPeopleAndApproval()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
            ["Sandbox__Enabled"] = "true",
            ["Workflows__Directory"] = RepositoryPaths.Workflows,
            // Faster than the default so the test stays short: the 001 chain's 10 simulated days take about 45 s.
            ["Clock__Speed"] = "20000",
        });
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);

        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.That(health.Headers.GetValues("X-AuditOrchestrator-Mode"), Is.EqualTo(new[] { "sandbox" }));

        RunView? run = null;
        await Eventually.HoldsAsync(async () =>
        {
            run = (await client.GetAsync<List<RunView>>("/api/runs")).FirstOrDefault(r => r.Audit == "pagerduty");
            return run?.Status is "completed" or "faulted";
        }, TimeSpan.FromMinutes(8), "the sandbox's PagerDuty run completes\n" + service.Output);

        Assert.That(run!.Status, Is.EqualTo("completed"), service.Output);
        var detail = await client.RunAsync(run.Id);
        var states = detail.Items!.Select(i => i.State).ToList();
        Assert.That(states, Is.Not.Empty);
        Assert.That(states, Has.Some.EqualTo("explained"), "someone answered and the re-check still failed");
        Assert.That(service.Output, Does.Contain("\"mode\":\"sandbox\"").And.Contain("approves the review"));

        // The demo team's head reports to someone outside the team, as in any real organisation: the run warns once.
        var journal = (await client.InstanceAsync(run.Id)).Journal;
        var warnings = journal.Where(e => e.Kind == "team-data-warning").Select(e => e.Data.Text("message")).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.Contain("abrooks.yaml:4: field 'reports_to': 'Dana Whitfield' names nobody in the team data"));

        // The other audits too: for Zendesk the demo SOM fills the token table and ticks its box; for Calendly the SOM
        // approves the removal of the accounts nobody justified.
        foreach (var audit in new[] { "calendly", "zendesk", "zendesk-us-federal" })
        {
            await Eventually.HoldsAsync(async () =>
            {
                var list = await client.GetAsync<List<RunView>>("/api/runs");
                return list.Any(r => r.Audit == audit && r.Status == "completed");
            }, TimeSpan.FromMinutes(3), $"the sandbox's {audit} run completes\n" + service.Output);
        }
        Assert.That(service.Output, Does.Contain("lists the API tokens"));

        // Each run's issue link opens the simulated GitLab's page for it, which shows the issue closed.
        var completed = (await client.GetAsync<List<RunView>>("/api/runs")).Where(r => r.Status == "completed").ToList();
        Assert.That(completed.Select(r => r.Audit).Distinct(),
            Is.EquivalentTo(new[] { "pagerduty", "calendly", "zendesk", "zendesk-us-federal" }));
        using var browser = new HttpClient();
        foreach (var done in completed)
        {
            var id = done.Id;
            var audit = done.Audit;
            var issue = (await client.RunAsync(id)).Issue!;
            var page = await browser.GetStringAsync(new Uri(issue.WebUrl));
            Assert.That(page, Does.Contain("<strong class=\"issue-state\">Closed by @"), $"{audit}: the issue page shows it closed");

            // Each run ends with its evidence pack linked on the issue (the page renders its markdown), with the head
            // hash of a record that verifies.
            System.Text.RegularExpressions.Match published = System.Text.RegularExpressions.Match.Empty;
            await Eventually.HoldsAsync(async () => (published = System.Text.RegularExpressions.Regex.Match(
                    await browser.GetStringAsync(new Uri(issue.WebUrl)), "<strong>Evidence pack</strong>[\\s\\S]*?head hash <code>([0-9a-f]{64})</code>")).Success,
                TimeSpan.FromMinutes(2), $"{audit}: the pack's note with its head hash is on the issue");
            var pack = await client.GetStringAsync(new Uri($"/api/runs/{id}/evidence", UriKind.Relative));
            var hashes = JsonDocument.Parse(pack).RootElement.GetProperty("record").GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("hash").GetString());
            Assert.That(hashes, Does.Contain(published.Groups[1].Value), $"{audit}: the published head is a link of the stored record");
            var verdict = await client.VerifyPackAsync(pack);
            Assert.That(verdict.Intact, Is.True, $"{audit}: {verdict.Message}");
            var lists = JsonDocument.Parse(pack).RootElement.GetProperty("vendorAccounts").EnumerateArray().Select(l => l.GetProperty("phase").GetString());
            Assert.That(lists, Is.EqualTo(new[] { "audit", "after-review" }), $"{audit}: the accounts at the audit and after the review");
        }
    }

    [Test]
    public async Task Sandbox_WithAVendorTokenConfigured_RefusesToStart()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["Sandbox__Enabled"] = "true",
            ["PagerDuty__Token"] = "a-real-looking-token",
        });

        var failed = Assert.ThrowsAsync<InvalidOperationException>(() => service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));

        Assert.That(failed!.Message, Does.Contain("never runs with real tokens").And.Not.Contain("a-real-looking-token"));
    }
}
