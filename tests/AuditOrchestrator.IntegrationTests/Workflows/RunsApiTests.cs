using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;
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
        _host = await FollowUpHost.StartAsync(SmallTeam.Yaml);
        SmallTeam.SeedPagerDuty(_host.PagerDuty);
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
        var noVariant = await _host.Admin.PostAsJsonAsync("/api/runs", new { audit = "calendly" });

        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(noRunAction.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(noItem.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(noVariant.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "calendly-semiannual is not shipped yet");
        });
        var list = await _host.Admin.GetFromJsonAsync<JsonElement>("/api/runs");
        Assert.That(list.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()), Is.EqualTo(new[] { run }));
        Assert.That(list[0].GetProperty("status").GetString(), Is.EqualTo("running"));
    }

    [Test]
    public async Task Item_WhenAnsweredButStillFailing_IsExplained_AndNotEscalated()
    {
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);

        await _host.ReplyAsync(iid, threads["dave"], "dave", "I am on leave this quarter, that is why I am off the rotation.");

        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "dave") == "explained", Patience, "Dave's answer with the finding still open");
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(() => Task.FromResult(_host.BotNotes(iid).Count(n => n.DiscussionId == threads["carol"]) == 2), Patience, "Carol's second ping");
        _host.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "carol") == "escalated-manager", Patience, "Carol's manager is pinged");
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "carol") == "escalated-som", Patience, "the others went all the way");
        Assert.That(_host.BotNotes(iid).Count(n => n.DiscussionId == threads["dave"]), Is.EqualTo(1), "nobody is pinged about an explained item");
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

        var change = await _host.Admin.PostAsJsonAsync($"/api/runs/{run}/actions/change-som", new { username = "@tlead" });
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));

        Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var contractor = threads.Single(t => t.Key.StartsWith("som:", StringComparison.Ordinal)).Value;
        await Eventually.HoldsAsync(() => Task.FromResult(_host.BotNotes(iid).Count(n => n.DiscussionId == contractor) == 2), Patience, "the contractor's second ping");
        Assert.That(_host.BotNotes(iid).Last(n => n.DiscussionId == contractor).Mentions, Is.EqualTo(new[] { FollowUpHost.Lead }));
        Assert.That((await _host.RunAsync(run)).GetProperty("som").GetString(), Is.EqualTo(FollowUpHost.Lead));

        var cancel = await _host.Admin.PostAsync(new Uri($"/api/runs/{run}/actions/cancel", UriKind.Relative), null);

        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var view = await _host.RunAsync(run);
        Assert.Multiple(async () =>
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("cancelled"));
            Assert.That(view.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("state").GetString()).Distinct(),
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
        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).GetProperty("status").GetString() == "awaiting-review", Patience, "the review is asked for");

        await CloseAsync(iid, FollowUpHost.Lead);
        await Task.Delay(1500);
        Assert.That((await _host.RunAsync(run)).GetProperty("status").GetString(), Is.EqualTo("awaiting-review"), "only the SOM's close approves");

        await _host.Fake.ReopenIssueAsync(iid, FollowUpHost.Som);
        await CloseAsync(iid, FollowUpHost.Som);

        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).GetProperty("status").GetString() == "completed", Patience, "the SOM's close completes the run");
        var journal = (await _host.Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{run}")).GetProperty("journal").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(journal.Count(e => e.GetProperty("kind").GetString() == "issue-closed-by-other"), Is.EqualTo(1));
            Assert.That(journal.Single(e => e.GetProperty("kind").GetString() == "approved").GetProperty("actor").GetString(), Is.EqualTo(FollowUpHost.Som));
            Assert.That(journal.Single(e => e.GetProperty("kind").GetString() == "issue-closed").GetProperty("data").GetProperty("byWorkflow").GetBoolean(), Is.False,
                "the SOM closed it: the workflow does not close it again");
            Assert.That(_host.BotNotes(iid).Count, Is.EqualTo(6), "five threads and one review note");
        });
    }

    private async Task CloseAsync(long iid, string username)
    {
        var issue = await _host.Fake.CloseIssueAsync(iid, username);
        await _host.DeliverAsync(new Signal($"gitlab:closed:{issue.ProjectId}:{iid}:{issue.UpdatedAt:O}", "gitlab.issue-closed",
            $"gitlab-issue:{issue.ProjectId}:{iid}", new JsonObject { ["author"] = username }, username));
    }

    private async Task<DateTimeOffset> NextTimerAsync(Guid run, string item) =>
        (await _host.RunAsync(run)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == item)
            .GetProperty("nextTimer").GetProperty("dueAt").GetDateTimeOffset();
}
