using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>The counts the run page draws on each step, from instances and their journals (no host).</summary>
public sealed class RunProgressCountTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Count_WhenItemsWaitPassOrFault_CountsEachInstanceOncePerStep()
    {
        var counts = RunProgress.Count(
        [
            Instance("waiting", "wait-first", "ping-person"),
            Instance("waiting", "wait-second", "ping-person", "wait-first", "addressed-after-first", "ping-again"),
            Instance("faulted", "addressed-after-first", "ping-person", "wait-first"),
            Instance("completed", "ping-som-assistance", "ping-person", "ping-person"),
            Instance("cancelled", "wait-first", "ping-person"),
        ]).ToDictionary(c => c.StepId, c => (c.Now, c.Passed, c.Faulted));

        Assert.Multiple(() =>
        {
            Assert.That(counts["ping-person"], Is.EqualTo((0, 5, 0)), "a step completed twice by one instance counts once");
            Assert.That(counts["wait-first"], Is.EqualTo((1, 2, 0)), "the cancelled item is nowhere now");
            Assert.That(counts["wait-second"], Is.EqualTo((1, 0, 0)));
            Assert.That(counts["addressed-after-first"], Is.EqualTo((0, 1, 1)));
            Assert.That(counts.ContainsKey("ping-som-assistance"), Is.False, "a completed instance is not at its last step");
        });
    }

    private static InstanceDetail Instance(string status, string current, params string[] completed)
    {
        var summary = new InstanceSummary(Guid.NewGuid(), "followup-item", 1, status, current, null, null, null, null, At, At, null);
        var journal = completed.Select((step, i) => new JournalView(i, At, "step-completed", step, null, new JsonObject { ["outcome"] = "done" })).ToList();
        return new InstanceDetail(summary, [], journal, [], []);
    }
}
