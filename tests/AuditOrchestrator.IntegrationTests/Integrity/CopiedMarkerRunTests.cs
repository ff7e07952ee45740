using AuditOrchestrator.IntegrationTests.Runtime;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Integrity;

/// <summary>Issue 16, hole 1: a member who copies the markers of future notes suppresses none of them.</summary>
public sealed class CopiedMarkerRunTests
{
    [Test]
    public async Task MemberNote_CarryingTheMarkersOfTheEscalationAndTheReview_SuppressesNeither()
    {
        await using var host = await SmallTeam.StartAsync();
        var run = await host.StartRunAsync();
        var (iid, threads) = await host.FirstPingsAsync(run, 5);
        var dave = await host.ItemInstanceAsync(run, "dave");

        // The keys are instance:stepCount:step:name; a member guesses every step count, on a thread and on its own.
        var markers = string.Join("\n", Enumerable.Range(0, 80).SelectMany(n => new[]
        {
            $"<!-- ao:key={dave:N}:{n}:ping-manager:reply -->",
            $"<!-- ao:key={run:N}:{n}:ask-review:review -->",
        }));
        await host.Fake.CommentAsync(iid, "alice", "Nothing to see here.\n" + markers);
        await host.ReplyAsync(iid, threads["dave"], "alice", "Same here.\n" + markers);

        var review = await host.RunToReviewAsync(run, iid);

        var onDave = host.BotNotes(iid).Where(n => n.DiscussionId == threads["dave"]).ToList();
        var daveJournal = await host.JournalAsync(dave);
        var managerPing = daveJournal.Single(e => e.Kind == "pinged" && e.Data.Text("whom") == "manager");
        var reviewRequested = (await host.JournalAsync(run)).Single(e => e.Kind == "review-requested");
        Assert.Multiple(() =>
        {
            Assert.That(onDave.SelectMany(n => n.Mentions), Is.EqualTo(new[] { "dave", "dave", FollowUpHost.Lead, FollowUpHost.Som }),
                "the manager ping and the SOM's were posted by the service");
            Assert.That(managerPing.Data!["noteId"]!.GetValue<long>(), Is.EqualTo(onDave[2].Id),
                "the journal names the service's own note, not the copy");
            Assert.That(review.Mentions, Is.EqualTo(new[] { FollowUpHost.Som }));
            Assert.That(reviewRequested.Data!["noteId"]!.GetValue<long>(), Is.EqualTo(review.Id));
        });

        // Alice's reply on Dave's thread was an ordinary note: shown with Dave's item, not counted (she is not Dave).
        var answers = (await host.ItemAsync(run, "dave"))!.Answers.ToList();
        Assert.That(answers.Select(a => (a.Text("author"), a!["counted"]!.GetValue<bool>())),
            Is.EqualTo(new[] { ("alice", false) }));

        await host.ApproveAsync(iid, review.Id, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "completed", IntegrityReads.Patience, "the run completes");
        Assert.That(host.Issue(iid).State, Is.EqualTo("closed"));
    }
}
