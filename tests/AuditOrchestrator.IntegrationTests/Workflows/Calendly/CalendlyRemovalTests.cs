using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows.Calendly;

/// <summary>The removals after the SOM's approval when Calendly does not answer cleanly.</summary>
public sealed class CalendlyRemovalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private CalendlyHost _host = null!;
    private (string Justy, string Sid) _memberships;

    [SetUp]
    public async Task StartAsync()
    {
        _host = await CalendlyHost.StartAsync("semiannual");
        _memberships = CalendlyTeam.Seed(_host.Calendly);
    }

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Removal_WhenAnAnswerIsLostAndTheStepFailsHalfway_DeletesEachMembershipOnceAndJournalsEachOnce()
    {
        var run = await _host.StartRunAsync();
        var (iid, _) = await _host.FirstPingsAsync(run, 4);

        // Nobody answers: both escalations, then the review lists Justy and Sid for removal.
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => _host.BotNotes(iid).Count == 8
            && (await _host.RunAsync(run)).Items!.All(i => i.NextTimer is not null),
            Patience, "every item is escalated and waits again");
        await Settle.ItemsAsync(() => _host.RunAsync(run), _host.Clock);
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await _host.StatusAsync(run) == "awaiting-review", Patience, "the SOM is asked to review");
        var review = _host.BotNotes(iid)[^1];
        Assert.That(review.Body, Does.Contain("Justy Partner `").And.Contain("Sid Former `"));

        // The answer to Justy's deletion is lost on the way back (she is gone all the same), and Calendly refuses Sid's
        // once: the step fails after Justy's deletion and before its commit, as if the node had died there, and is retried.
        _host.Calendly.LoseNextDeleteResponses(1);
        _host.Calendly.RefuseNextDeletesOf(_memberships.Sid, 1);
        await _host.Fake.AwardEmojiAsync(iid, CalendlyHost.Som, "thumbsup", review.Id);
        await Eventually.HoldsAsync(async () => await _host.StatusAsync(run) == "completed", Patience, "the run completes");

        var removed = (await _host.JournalAsync(run)).Where(e => e.Kind == "membership-removed")
            .Select(e => $"{e.Data.Text("email")} {e.Data.Text("result")}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_host.Calendly.Removed, Is.EqualTo(new[] { _memberships.Justy, _memberships.Sid }), "each membership deleted once");
            Assert.That(CalendlyHost.Writes(_host.Calendly.Calls), Is.EqualTo(new[]
            {
                $"DELETE /organization_memberships/{_memberships.Justy} 504",
                $"DELETE /organization_memberships/{_memberships.Justy} 404",
                $"DELETE /organization_memberships/{_memberships.Sid} 403",
                $"DELETE /organization_memberships/{_memberships.Sid} 204",
            }), "the lost answer is retried and finds Justy gone; the retried step replays her recorded removal and deletes only Sid");
            Assert.That(removed, Is.EqualTo(new[] { $"{CalendlyTeam.Justy} gone", $"{CalendlyTeam.Sid} deleted" }), "one journal entry each");
            Assert.That(_host.Calendly.Memberships.Select(m => m.Email), Does.Not.Contain(CalendlyTeam.Sid).And.Not.Contain(CalendlyTeam.Justy));
            Assert.That(_host.Issue(iid).State, Is.EqualTo("closed"));
        });
    }
}
