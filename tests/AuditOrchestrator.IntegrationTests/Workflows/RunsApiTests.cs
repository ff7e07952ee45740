using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.Api.Runs;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>The runs API and the operator's actions on a PagerDuty quarterly run.</summary>
public sealed class RunsApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private FollowUpHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _host = await SmallTeam.StartAsync();
    }

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task StartRun_WithAnUnknownAudit_Is400_AndUnknownRunsAndItemsAre404()
    {
        var bad = await _host.Admin.PostAsJsonAsync("/api/runs", new { audit = "jira" });
        var missing = await _host.Admin.GetAsync(new Uri($"/api/runs/{Guid.NewGuid()}", UriKind.Relative));
        var noRunAction = await _host.Admin.PostAsync(new Uri($"/api/runs/{Guid.NewGuid()}/actions/cancel", UriKind.Relative), null);
        var run = await _host.StartRunAsync();
        await _host.FirstPingsAsync(run, 5);
        var noItem = await _host.Admin.PostAsync(new Uri($"/api/runs/{run}/items/nobody/actions/skip-wait", UriKind.Relative), null);

        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(noRunAction.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(noItem.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
        var list = await _host.Admin.GetAsync<List<RunView>>("/api/runs");
        Assert.That(list.Select(r => r.Id), Is.EqualTo(new[] { run }));
        Assert.That(list[0].Status, Is.EqualTo("running"));
    }

    [Test]
    public async Task Item_WhenAnsweredButStillFailing_IsExplained_AndNotEscalated()
    {
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);

        await _host.ReplyAsync(iid, threads["dave"], "dave", "I am on leave this quarter, that is why I am off the rotation.");

        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "dave") == "explained", Patience, "Dave's answer with the finding still open");
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(() => Task.FromResult(_host.BotNotes(iid).Count == 9), Patience, "everyone but Dave is pinged again");
        await Settle.ItemsAsync(() => _host.RunAsync(run), _host.Clock);
        _host.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).States().Count(s => s.Value == "escalated-manager") == 3, Patience, "the managers are pinged");
        await Settle.ItemsAsync(() => _host.RunAsync(run), _host.Clock);
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).Status == "awaiting-review", Patience, "the review is asked for");
        Assert.Multiple(async () =>
        {
            Assert.That((await _host.RunAsync(run)).States()["carol"], Is.EqualTo("escalated-som"), "the others went all the way");
            Assert.That(_host.BotNotes(iid).Count(n => n.DiscussionId == threads["dave"]), Is.EqualTo(1), "nobody is pinged about an explained item");
        });
        Assert.That(_host.BotNotes(iid)[^1].Body, Does.Contain("`dave`: explained by `dave`: I am on leave this quarter"), "the explanation goes to the review");
    }

    [Test]
    public async Task Item_WhenThePersonAwardsTheDoneEmojiAfterFixing_IsAddressedWithThatEvidence()
    {
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);
        var firstNote = _host.BotNotes(iid).First(n => n.DiscussionId == threads["alice"]).Id;

        _host.PagerDuty.AddToSchedule("PSCHED1", "PALICE1");
        await _host.Fake.AwardEmojiAsync(iid, "alice", "white_check_mark", firstNote);

        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "alice") == "addressed", Patience, "the done emoji triggers the re-check");
        var alice = (await _host.RunAsync(run)).Item("alice");
        Assert.Multiple(() =>
        {
            Assert.That(alice.Answers[0].Text("kind"), Is.EqualTo("emoji"));
            Assert.That(alice.Answers[0].Text("author"), Is.EqualTo("alice"));
            Assert.That(alice.NextTimer, Is.Null, "nothing left to wait for");
        });
    }

    [Test]
    public async Task Run_WithNoFindings_GoesStraightToTheReview()
    {
        foreach (var user in new[] { "PALICE1", "PCAROL1", "PDAVE01" })
        {
            _host.PagerDuty.AddToSchedule("PSCHED1", user);
        }
        _host.PagerDuty.AddUser("PBOB001", "Bob Silent", "bob@example.com");
        _host.PagerDuty.AddToSchedule("PSCHED1", "PBOB001");
        _host.PagerDuty.RemoveFromSchedules("PCASEY1");

        var run = await _host.StartRunAsync();

        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).Status == "awaiting-review", Patience, "nothing to follow up");
        var view = await _host.RunAsync(run);
        var notes = _host.BotNotes(view.Issue!.Iid);
        Assert.Multiple(() =>
        {
            Assert.That(view.Items, Is.Empty);
            Assert.That(notes, Has.Count.EqualTo(1), "only the review note");
            Assert.That(notes[0].Mentions, Is.EqualTo(new[] { FollowUpHost.Som }));
        });
    }

    [Test]
    public async Task ItemActions_SkipExtendAndAddressed_ActOnThatItemOnly()
    {
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);
        var before = await NextTimerAsync(run, "carol");

        var extend = await _host.Admin.PostAsJsonAsync($"/api/runs/{run}/items/carol/actions/extend-wait", new { by = "1.00:00:00" });
        var skip = await _host.Admin.PostAsync(new Uri($"/api/runs/{run}/items/dave/actions/skip-wait", UriKind.Relative), null);
        var addressed = await _host.Admin.PostAsync(new Uri($"/api/runs/{run}/items/alice/actions/addressed", UriKind.Relative), null);

        Assert.Multiple(() =>
        {
            Assert.That(extend.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(skip.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(addressed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        });
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "alice") == "addressed"
            && _host.BotNotes(iid).Count(n => n.DiscussionId == threads["dave"]) == 2, Patience, "Alice is addressed and Dave pinged again at once");
        Assert.Multiple(async () =>
        {
            Assert.That(await NextTimerAsync(run, "carol"), Is.EqualTo(before + TimeSpan.FromDays(1)));
            Assert.That(_host.BotNotes(iid).Count(n => n.DiscussionId == threads["carol"]), Is.EqualTo(1), "Carol still waits");
        });
        var again = await _host.Admin.PostAsync(new Uri($"/api/runs/{run}/items/alice/actions/addressed", UriKind.Relative), null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "Alice's follow-up is over");
    }

    [Test]
    public async Task ChangeSom_SendsLaterPingsAndTheReviewToTheNewSom_AndCancelEndsEverything()
    {
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);

        var change = await _host.Admin.PostAsJsonAsync($"/api/runs/{run}/actions/change-som", new { username = "@tlead", reason = "tlead covers Support Ops this quarter" });
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));

        Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var contractor = threads.Single(t => t.Key.StartsWith("som:", StringComparison.Ordinal)).Value;
        await Eventually.HoldsAsync(() => Task.FromResult(_host.BotNotes(iid).Count(n => n.DiscussionId == contractor) == 2), Patience, "the contractor's second ping");
        Assert.That(_host.BotNotes(iid).Last(n => n.DiscussionId == contractor).Mentions, Is.EqualTo(new[] { FollowUpHost.Lead }));
        Assert.That((await _host.RunAsync(run)).Som, Is.EqualTo(FollowUpHost.Lead));

        var cancel = await _host.Admin.PostAsync(new Uri($"/api/runs/{run}/actions/cancel", UriKind.Relative), null);

        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var view = await _host.RunAsync(run);
        Assert.Multiple(async () =>
        {
            Assert.That(view.Status, Is.EqualTo("cancelled"));
            Assert.That(view.Items!.Select(i => i.State).Distinct(),
                Is.SubsetOf(new[] { "cancelled", "addressed" }));
            var late = await _host.Admin.PostAsJsonAsync($"/api/runs/{run}/actions/change-som", new { username = "msom" });
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        });
    }

    [Test]
    public async Task Review_WhenSomeoneElseClosesTheIssue_KeepsWaitingForTheSom_ThenCompletesOnTheSomsClose()
    {
        var run = await _host.StartRunAsync();
        var (iid, _) = await _host.FirstPingsAsync(run, 5);
        foreach (var item in new[] { "alice", "bob", "carol", "dave", SmallTeam.Contractor })
        {
            var response = await _host.Admin.PostAsync(new Uri($"/api/runs/{run}/items/{Uri.EscapeDataString(item)}/actions/addressed", UriKind.Relative), null);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), item);
        }
        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).Status == "awaiting-review", Patience, "the review is asked for");

        await CloseAsync(iid, FollowUpHost.Lead);
        await Eventually.HoldsAsync(() => Task.FromResult(_host.Issue(iid).State == "opened" && _host.BotNotes(iid).Count == 7), Patience,
            "the service reopens the issue with a note");
        Assert.That((await _host.RunAsync(run)).Status, Is.EqualTo("awaiting-review"), "only the SOM's close approves");

        // GitLab keys a close by its second: the SOM's comes a minute later.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await CloseAsync(iid, FollowUpHost.Som);

        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).Status == "completed", Patience, "the SOM's close completes the run");
        var journal = (await _host.Admin.InstanceAsync(run)).Journal;
        Assert.Multiple(() =>
        {
            Assert.That(journal.Count(e => e.Kind == "issue-closed-by-other"), Is.EqualTo(1));
            Assert.That(journal.Single(e => e.Kind == "approved").Actor, Is.EqualTo(FollowUpHost.Som));
            Assert.That(journal.Single(e => e.Kind == "issue-closed").Data!["byWorkflow"]!.GetValue<bool>(), Is.False,
                "the SOM closed it: the workflow does not close it again");
            Assert.That(_host.BotNotes(iid).Count(n => !n.Body.Contains("**Evidence pack**", StringComparison.Ordinal)), Is.EqualTo(7),
                "five threads, the review note, and the note that reopened the lead's close (besides the evidence pack's)");
        });
    }

    private async Task CloseAsync(long iid, string username) => await _host.Fake.CloseIssueAsync(iid, username);


    private async Task<DateTimeOffset> NextTimerAsync(Guid run, string item) =>
        (await _host.RunAsync(run)).Item(item).NextTimer!.DueAt;
}
