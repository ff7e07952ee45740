using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows.Calendly;

/// <summary>
/// Chart 001 for Calendly, end to end: the follow-up of the member findings and the Calendly review run side by side
/// and share one review, reached only when both have ended.
/// </summary>
public sealed class CalendlyQuarterlyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private CalendlyHost _host = null!;

    [SetUp]
    public async Task StartAsync() => _host = await CalendlyHost.StartAsync("quarterly");

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Run_FollowsUpMembersAndReviewsAccountsSideBySide_AndReviewsOnceWhenBothFlowsHaveEnded()
    {
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 4);
        var flows = await FlowsAsync(run);
        Assert.Multiple(() =>
        {
            Assert.That(threads.Keys, Is.EquivalentTo(new[] { "alice", "bob", CalendlyTeam.Justy, CalendlyTeam.Sid }));
            Assert.That(flows.Keys, Is.EquivalentTo(new[] { "calendly-followup", "calendly-review" }));
        });
        Assert.Multiple(async () =>
        {
            Assert.That(await ItemDefinitionsAsync(flows["calendly-followup"]), Is.EquivalentTo(new[] { "followup-item:alice", "followup-item:bob" }),
                "member findings go to the follow-up");
            Assert.That(await ItemDefinitionsAsync(flows["calendly-review"]),
                Is.EquivalentTo(new[] { $"calendly-review-item:{CalendlyTeam.Justy}", $"calendly-review-item:{CalendlyTeam.Sid}" }),
                "accounts not on the team go to the review, never to both");
        });

        // Alice fixes her link and answers; Bob gets his account silently; the SOM (whose item it is) justifies Justy; Sid stays silent.
        _host.Calendly.SetSchedulingUrl("alice@example.com", "https://calendly.com/alice");
        await _host.Fake.ReplyAsync(iid, threads["alice"], "alice", "Fixed my scheduling link.");
        _host.Calendly.AddMember("Bob Silent", "bob@example.com", "https://calendly.com/bob");
        await _host.Fake.ReplyAsync(iid, threads[CalendlyTeam.Justy], CalendlyHost.Som, "Justy trains our partners; she keeps her account.");
        await Eventually.HoldsAsync(async () =>
        {
            var states = await _host.StatesAsync(run);
            return states["alice"] == "addressed" && states[CalendlyTeam.Justy] == "explained";
        }, Patience, "Alice is addressed and Justy explained");

        // After 72 hours Bob is found fixed, so the follow-up has ended; the review flow goes on with Sid: no review yet.
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await InstanceStatusAsync(flows["calendly-followup"]) == "completed"
            && _host.BotNotes(iid).Count == 5, Patience, "the follow-up ends and Sid's second ping goes to the SOM");
        Assert.Multiple(async () =>
        {
            Assert.That(await _host.StatesAsync(run), Does.ContainKey("bob").WithValue("addressed"));
            Assert.That(await InstanceStatusAsync(flows["calendly-review"]), Is.Not.EqualTo("completed"));
            Assert.That(await _host.StatusAsync(run), Is.EqualTo("running"), "the review waits for the Calendly review flow");
        });

        // Four days later: no manager for an account not on the team, so the SOM is asked for assistance; then ONE review.
        await Settle.ItemsAsync(() => _host.RunAsync(run), _host.Clock);
        _host.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await _host.StatusAsync(run) == "awaiting-review", Patience, "the SOM is asked to review");
        var notes = _host.BotNotes(iid);
        var review = notes[^1];
        Assert.Multiple(() =>
        {
            Assert.That(notes.Count(n => n.Body.Contains("Please review", StringComparison.Ordinal)), Is.EqualTo(1), "one review for both flows");
            Assert.That(review.Body, Does.Contain("`alice`: addressed").And.Contain("`bob`: addressed")
                .And.Contain($"`{CalendlyTeam.Justy}`: explained").And.Contain($"`{CalendlyTeam.Sid}`: escalated-som"));
            Assert.That(review.Body, Does.Contain("Sid Former `sid@former.example`").And.Not.Contain("Justy Partner `"));
            Assert.That(_host.Calendly.Calls.Where(c => c.IsWrite), Is.Empty, "nothing is removed before the SOM approves");
        });

        // The SOM approves by closing the issue: Sid's membership goes.
        await _host.Fake.CloseIssueAsync(iid, CalendlyHost.Som);
        await Eventually.HoldsAsync(async () => await _host.StatusAsync(run) == "completed", Patience, "the run completes");

        var removed = (await _host.JournalAsync(run)).Where(e => e.Kind == "membership-removed").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(CalendlyHost.Writes(_host.Calendly.Calls), Is.EqualTo(new[] { $"DELETE /organization_memberships/{_host.Memberships.Sid} 204" }));
            Assert.That(_host.Calendly.Memberships.Select(m => m.Email), Does.Not.Contain(CalendlyTeam.Sid).And.Contain(CalendlyTeam.Justy));
            Assert.That(removed.Select(e => e.Data.Text("email")), Is.EqualTo(new[] { CalendlyTeam.Sid }));
            Assert.That(_host.Slack.MessagesTo(CalendlyTeam.SomSlackId), Is.Empty, "chart 001 has no Slack DM");
            Assert.That(CalendlyHost.MentionsOn(notes, threads["alice"]), Is.EqualTo(new[] { "alice" }));
            Assert.That(CalendlyHost.MentionsOn(notes, threads["bob"]), Is.EqualTo(new[] { "bob" }));
            Assert.That(CalendlyHost.MentionsOn(notes, threads[CalendlyTeam.Justy]), Is.EqualTo(new[] { CalendlyHost.Som }));
            Assert.That(CalendlyHost.MentionsOn(notes, threads[CalendlyTeam.Sid]), Is.EqualTo(new[] { CalendlyHost.Som, CalendlyHost.Som, CalendlyHost.Som }));
            Assert.That(notes, Has.Count.EqualTo(7), "4 first pings, Sid's second ping and SOM assistance, 1 review");
            Assert.That(_host.BotNotes(iid).Where(n => !n.Body.Contains("**Evidence pack**", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(7),
                "nothing posted after the SOM closed the issue but the evidence pack");
        });
        Assert.That(_host.GitLabWrites(), Is.EqualTo(new[]
        {
            "POST /issues",
            "POST /discussions", "POST /discussions", "POST /discussions", "POST /discussions",
            "POST /discussions/id/notes", "POST /discussions/id/notes",
            "POST /notes",
        }), "create, four threads, Sid's second ping and SOM assistance, the review; no table (chart 001), no close (the SOM closed it)");

        await Evidence.PackOnTheIssue.AssertAsync(_host.Admin, _host.Fake, iid, review.Id, CalendlyHost.Som, "closed", _host.Calendly.Calls);
    }

    /// <summary>The run's two flows (Branches children) by definition id.</summary>
    private async Task<Dictionary<string, Guid>> FlowsAsync(Guid run) =>
        (await _host.Admin.InstanceAsync(run)).Children.ToDictionary(c => c.DefinitionId, c => c.Id);

    private async Task<string?> InstanceStatusAsync(Guid instance) => (await _host.Admin.InstanceAsync(instance)).Instance.Status;

    /// <summary>Each item instance under a flow as "definition:item id".</summary>
    private async Task<string[]> ItemDefinitionsAsync(Guid flow)
    {
        var result = new List<string>();
        foreach (var child in (await _host.Admin.InstanceAsync(flow)).Children)
        {
            var detail = await _host.Admin.InstanceAsync(child.Id);
            result.Add($"{child.DefinitionId}:{detail.Variables["item"].Text("id")}");
        }
        return [.. result];
    }
}
