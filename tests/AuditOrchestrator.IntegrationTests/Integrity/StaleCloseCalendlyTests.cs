using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows.Calendly;

namespace AuditOrchestrator.IntegrationTests.Integrity;

/// <summary>Issue 16, hole 4, where it costs most: a stale close must not remove Calendly memberships.</summary>
public sealed class StaleCloseCalendlyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
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
    public async Task SomsCloseBeforeTheReview_IsReopened_AndRemovesNoMembershipWhenTheReviewComes()
    {
        var run = await _host.StartRunAsync();
        var (iid, _) = await _host.FirstPingsAsync(run, 4);

        await _host.Fake.CloseIssueAsync(iid, CalendlyHost.Som);
        await Eventually.HoldsAsync(async () => (await _host.JournalAsync(run)).Any(e => e.Kind == "issue-reopened")
            && _host.Issue(iid).State == "opened", Patience, "the early close is undone");

        // Weeks of follow-up later the SOM is asked to review; the close kept in the inbox since then does not count.
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => (await _host.StatesAsync(run))["bob"] == "escalated-manager", Patience, "the escalation");
        await Settle.ItemsAsync(() => _host.RunAsync(run), _host.Clock);
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await _host.StatusAsync(run) == "awaiting-review", Patience, "the SOM is asked to review");
        await Eventually.HoldsAsync(async () => (await _host.JournalAsync(run)).Any(e => e.Kind == "stale-close-ignored"),
            Patience, "the stale close is taken and ignored");
        Assert.Multiple(async () =>
        {
            Assert.That(await _host.StatusAsync(run), Is.EqualTo("awaiting-review"));
            Assert.That(_host.Calendly.Calls.Where(c => c.IsWrite), Is.Empty, "no membership removed on a stale close");
            Assert.That(_host.Calendly.Memberships.Select(m => m.Email), Does.Contain(CalendlyTeam.Sid));
        });

        // The SOM's approval after the review removes the unjustified membership.
        var review = _host.BotNotes(iid)[^1];
        await _host.Fake.AwardEmojiAsync(iid, CalendlyHost.Som, "thumbsup", review.Id);
        await Eventually.HoldsAsync(async () => await _host.StatusAsync(run) == "completed", Patience, "the run completes");
        Assert.That(CalendlyHost.Writes(_host.Calendly.Calls), Does.Contain($"DELETE /organization_memberships/{_memberships.Sid} 204"));
    }
}
