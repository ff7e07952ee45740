using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.IntegrationTests.Infrastructure;
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
        host = await SmallTeam.StartAsync();
        run = await host.StartRunAsync();
        await host.FirstPingsAsync(run, 5);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await host.DisposeAsync();

    [Test]
    public async Task Runs_SearchedByPerson_ListOnlyRunsWithThatPerson_WithItemCountsPerState()
    {
        var dave = await host.Admin.GetAsync<List<RunView>>("/api/runs?person=DAV");
        var nobody = await host.Admin.GetAsync<List<RunView>>("/api/runs?person=zelda");
        var all = await host.Admin.GetAsync<List<RunView>>("/api/runs");

        Assert.Multiple(() =>
        {
            Assert.That(dave.Select(r => r.Id), Is.EqualTo(new[] { run }), "matched ignoring case, by part");
            Assert.That(nobody, Is.Empty);
            Assert.That(all[0].ItemStates!["open"], Is.EqualTo(5));
            Assert.That(all[0].Items, Is.Null, "the list leaves the items to the run's own page");
        });
    }

    [Test]
    public async Task Progress_CountsItemsAtEachStep_AndGivesEachPingItsGitLabLink()
    {
        var progress = await host.Admin.GetAsync<RunProgressView>($"/api/runs/{run}/progress");
        var view = await host.RunAsync(run);
        var steps = progress.Steps.ToDictionary(s => $"{s.DefinitionId}/{s.StepId}", s => (s.Now, s.Passed, s.Faulted));
        var webUrl = view.Issue!.WebUrl;

        Assert.Multiple(() =>
        {
            Assert.That(steps["followup-item/wait-first"], Is.EqualTo((5, 0, 0)), "every item waits its first 72 hours");
            Assert.That(steps["followup-item/ping-person"], Is.EqualTo((0, 5, 0)), "every item was pinged once");
            Assert.That(steps["pagerduty-quarterly/run-audit"], Is.EqualTo((0, 1, 0)));
            Assert.That(steps["pagerduty-quarterly/follow-up"].Now, Is.EqualTo(1), "the audit waits on its items");
            Assert.That(progress.Items.Select(i => i.Id), Is.EquivalentTo(new[] { "alice", "bob", "carol", "dave", SmallTeam.Contractor }));
            foreach (var item in progress.Items)
            {
                Assert.That(item.Pings.Single().Url, Does.StartWith(webUrl + "#note_"));
                Assert.That(item.Journal, Is.Not.Empty);
            }
        });
    }

    [Test]
    public async Task CombinedGraph_InlinesTheItemFlowWithTheMermaidNodeIds()
    {
        var graph = await host.Admin.GetAsync<CombinedGraphView>("/api/definitions/pagerduty-quarterly/combined");
        var nodes = graph.Nodes.ToDictionary(n => n.Id);
        var edges = graph.Edges.Select(e => $"{e.From} -{e.Label}-> {e.To}").ToList();
        var missing = await host.Admin.GetAsync(new Uri("/api/definitions/nope/combined", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(nodes["follow_up__wait_first"].DefinitionId, Is.EqualTo("followup-item"));
            Assert.That(nodes["follow_up__wait_first"].StepId, Is.EqualTo("wait-first"));
            Assert.That(nodes["follow_up__wait_first"].Group, Is.EqualTo("follow_up___items"));
            Assert.That(nodes["ask_review"].Group, Is.Null);
            Assert.That(edges, Does.Contain("follow_up -each item-> follow_up__ping_person"));
            Assert.That(edges, Does.Contain("follow_up__still_open_after_manager -no-> ask_review"), "I --No--> K, as the combined mermaid draws it");
            Assert.That(edges, Does.Contain("follow_up__ping_som_assistance -pinged-> ask_review"));
            Assert.That((int)missing.StatusCode, Is.EqualTo(404));
        });
    }
}
