using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>What the runs dashboard and the run page read: runs by person with item counts, a run's progress, the combined graph.</summary>
public sealed class RunsDashboardApiTests
{
    private FollowUpHost host = null!;
    private Guid run;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        host = await FollowUpHost.StartAsync(SmallTeam.Yaml);
        SmallTeam.SeedPagerDuty(host.PagerDuty);
        run = await host.StartRunAsync();
        await host.FirstPingsAsync(run, 5);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await host.DisposeAsync();

    [Test]
    public async Task Runs_SearchedByPerson_ListOnlyRunsWithThatPerson_WithItemCountsPerState()
    {
        var dave = await host.Admin.GetFromJsonAsync<JsonElement>("/api/runs?person=DAV");
        var nobody = await host.Admin.GetFromJsonAsync<JsonElement>("/api/runs?person=zelda");
        var all = await host.Admin.GetFromJsonAsync<JsonElement>("/api/runs");

        Assert.Multiple(() =>
        {
            Assert.That(dave.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()), Is.EqualTo(new[] { run }), "matched ignoring case, by part");
            Assert.That(nobody.GetArrayLength(), Is.Zero);
            Assert.That(all[0].GetProperty("itemStates").GetProperty("open").GetInt32(), Is.EqualTo(5));
            Assert.That(all[0].GetProperty("items").ValueKind, Is.EqualTo(JsonValueKind.Null), "the list leaves the items to the run's own page");
        });
    }

    [Test]
    public async Task Progress_CountsItemsAtEachStep_AndGivesEachPingItsGitLabLink()
    {
        var progress = await host.Admin.GetFromJsonAsync<JsonElement>($"/api/runs/{run}/progress");
        var view = await host.RunAsync(run);
        var steps = progress.GetProperty("steps").EnumerateArray().ToDictionary(
            s => $"{s.GetProperty("definitionId").GetString()}/{s.GetProperty("stepId").GetString()}",
            s => (Now: s.GetProperty("now").GetInt32(), Passed: s.GetProperty("passed").GetInt32(), Faulted: s.GetProperty("faulted").GetInt32()));
        var webUrl = view.Issue!.WebUrl;

        Assert.Multiple(() =>
        {
            Assert.That(steps["followup-item/wait-first"], Is.EqualTo((5, 0, 0)), "every item waits its first 72 hours");
            Assert.That(steps["followup-item/ping-person"], Is.EqualTo((0, 5, 0)), "every item was pinged once");
            Assert.That(steps["pagerduty-quarterly/run-audit"], Is.EqualTo((0, 1, 0)));
            Assert.That(steps["pagerduty-quarterly/follow-up"].Now, Is.EqualTo(1), "the audit waits on its items");
            var items = progress.GetProperty("items").EnumerateArray().ToList();
            Assert.That(items.Select(i => i.GetProperty("id").GetString()), Is.EquivalentTo(new[] { "alice", "bob", "carol", "dave", SmallTeam.Contractor }));
            foreach (var item in items)
            {
                var ping = item.GetProperty("pings").EnumerateArray().Single();
                Assert.That(ping.GetProperty("url").GetString(), Does.StartWith(webUrl + "#note_"));
                Assert.That(item.GetProperty("journal").GetArrayLength(), Is.GreaterThan(0));
            }
        });
    }

    [Test]
    public async Task CombinedGraph_InlinesTheItemFlowWithTheMermaidNodeIds()
    {
        var graph = await host.Admin.GetFromJsonAsync<JsonElement>("/api/definitions/pagerduty-quarterly/combined");
        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        var edges = graph.GetProperty("edges").EnumerateArray()
            .Select(e => $"{e.GetProperty("from").GetString()} -{e.GetProperty("label").GetString()}-> {e.GetProperty("to").GetString()}").ToList();
        var missing = await host.Admin.GetAsync(new Uri("/api/definitions/nope/combined", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(nodes["follow_up__wait_first"].GetProperty("definitionId").GetString(), Is.EqualTo("followup-item"));
            Assert.That(nodes["follow_up__wait_first"].GetProperty("stepId").GetString(), Is.EqualTo("wait-first"));
            Assert.That(nodes["follow_up__wait_first"].GetProperty("group").GetString(), Is.EqualTo("follow_up___items"));
            Assert.That(nodes["ask_review"].GetProperty("group").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(edges, Does.Contain("follow_up -each item-> follow_up__ping_person"));
            Assert.That(edges, Does.Contain("follow_up__still_open_after_manager -no-> ask_review"), "I --No--> K, as the combined mermaid draws it");
            Assert.That(edges, Does.Contain("follow_up__ping_som_assistance -pinged-> ask_review"));
            Assert.That((int)missing.StatusCode, Is.EqualTo(404));
        });
    }
}
