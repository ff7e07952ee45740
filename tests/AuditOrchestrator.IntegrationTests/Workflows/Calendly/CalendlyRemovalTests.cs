using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows.Calendly;

/// <summary>The removals after the SOM's approval when Calendly does not answer cleanly.</summary>
public sealed class CalendlyRemovalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Removal_WhenAnAnswerIsLostAndTheStepFailsHalfway_DeletesEachMembershipOnceAndJournalsEachOnce()
    {
        await using var host = await CalendlyHost.StartAsync("semiannual");
        var run = await host.StartRunAsync();
        var (iid, _) = await host.FirstPingsAsync(run, 4);

        // Nobody answers: both escalations, then the review lists Justy and Sid for removal.
        host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => host.BotNotes(iid).Count == 8
            && (await host.RunAsync(run)).Items!.All(i => i.NextTimer is not null),
            Patience, "every item is escalated and waits again");
        await Settle.ItemsAsync(() => host.RunAsync(run), host.Clock);
        host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "awaiting-review", Patience, "the SOM is asked to review");
        var review = host.BotNotes(iid)[^1];
        Assert.That(review.Body, Does.Contain("Justy Partner `").And.Contain("Sid Former `"));

        // The answer to Justy's deletion is lost on the way back (she is gone all the same), and Calendly refuses Sid's
        // once: the step fails after Justy's deletion and before its commit, as if the node had died there, and is retried.
        host.Calendly.LoseNextDeleteResponses(1);
        host.Calendly.RefuseNextDeletesOf(host.Memberships.Sid, 1);
        await host.Fake.AwardEmojiAsync(iid, CalendlyHost.Som, "thumbsup", review.Id);
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "completed", Patience, "the run completes");

        var removed = (await host.JournalAsync(run)).Where(e => e.Kind == "membership-removed")
            .Select(e => $"{e.Data.Text("email")} {e.Data.Text("result")}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(host.Calendly.Removed, Is.EqualTo(new[] { host.Memberships.Justy, host.Memberships.Sid }), "each membership deleted once");
            Assert.That(CalendlyHost.Writes(host.Calendly.Calls), Is.EqualTo(new[]
            {
                $"DELETE /organization_memberships/{host.Memberships.Justy} 504",
                $"DELETE /organization_memberships/{host.Memberships.Justy} 404",
                $"DELETE /organization_memberships/{host.Memberships.Sid} 403",
                $"DELETE /organization_memberships/{host.Memberships.Sid} 204",
            }), "the lost answer is retried and finds Justy gone; the retried step replays her recorded removal and deletes only Sid");
            Assert.That(removed, Is.EqualTo(new[] { $"{CalendlyTeam.Justy} gone", $"{CalendlyTeam.Sid} deleted" }), "one journal entry each");
            Assert.That(host.Calendly.Memberships.Select(m => m.Email), Does.Not.Contain(CalendlyTeam.Sid).And.Not.Contain(CalendlyTeam.Justy));
            Assert.That(host.Issue(iid).State, Is.EqualTo("closed"));
        });
    }
}
