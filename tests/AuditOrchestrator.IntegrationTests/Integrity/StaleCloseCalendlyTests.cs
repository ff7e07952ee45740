using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows.Calendly;

namespace AuditOrchestrator.IntegrationTests.Integrity;

/// <summary>Issue 16, hole 4, where it costs most: a stale close must not remove Calendly memberships.</summary>
public sealed class StaleCloseCalendlyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Test]
    public async Task SomsCloseBeforeTheReview_IsReopened_AndRemovesNoMembershipWhenTheReviewComes()
    {
        await using var host = await CalendlyHost.StartAsync("semiannual");
        var run = await host.StartRunAsync();
        var (iid, _) = await host.FirstPingsAsync(run, 4);

        await host.Fake.CloseIssueAsync(iid, CalendlyHost.Som);
        await Eventually.HoldsAsync(async () => (await host.JournalAsync(run)).Any(e => e.Kind == "issue-reopened")
            && host.Issue(iid).State == "opened", Patience, "the early close is undone");

        // Weeks of follow-up later the SOM is asked to review; the close kept in the inbox since then does not count.
        host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => (await host.StatesAsync(run))["bob"] == "escalated-manager", Patience, "the escalation");
        await Settle.ItemsAsync(() => host.RunAsync(run), host.Clock);
        host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "awaiting-review", Patience, "the SOM is asked to review");
        await Eventually.HoldsAsync(async () => (await host.JournalAsync(run)).Any(e => e.Kind == "stale-close-ignored"),
            Patience, "the stale close is taken and ignored");
        Assert.Multiple(async () =>
        {
            Assert.That(await host.StatusAsync(run), Is.EqualTo("awaiting-review"));
            Assert.That(host.Calendly.Calls.Where(c => c.IsWrite), Is.Empty, "no membership removed on a stale close");
            Assert.That(host.Calendly.Memberships.Select(m => m.Email), Does.Contain(CalendlyTeam.Sid));
        });

        // The SOM's approval after the review removes the unjustified membership.
        var review = host.BotNotes(iid)[^1];
        await host.Fake.AwardEmojiAsync(iid, CalendlyHost.Som, "thumbsup", review.Id);
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "completed", Patience, "the run completes");
        Assert.That(CalendlyHost.Writes(host.Calendly.Calls), Does.Contain($"DELETE /organization_memberships/{host.Memberships.Sid} 204"));
    }
}
