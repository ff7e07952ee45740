using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using AuditOrchestrator.IntegrationTests.Workflows.Zendesk;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// A completed Zendesk run (findings and token review side by side) in a real browser: the dashboard, the run's
/// graph and its items table give the same numbers, each flow counted in its own place, nothing "open" that is not,
/// and only the actions that still apply are offered.
/// </summary>
public sealed class ZendeskRunBrowserTests
{
    private const string OpenBox = "- [ ] Token table complete";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private FollowUpHost Host { get; set; } = null!;
    private Browser browser = null!;
    private Guid run;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Host = await ZendeskTeam.StartAsync();
        browser = await Browser.LaunchAsync();
        run = await Host.StartRunAsync("zendesk");

        // Findings: Alice (fixes her role, says so) and the bot (nobody answers: the SOM's after 7 days).
        var iid = await IssueWhenAsync(i => Host.BotNotes(i).Count == 2 && Host.Issue(i).Description.Contains(OpenBox, StringComparison.Ordinal));
        // Token review: one row whose owner justifies it in the table; then the box is ticked.
        await EditAsync(iid, FollowUpHost.Lead, d => WithRow(d, "| Support bot token | @bob | Posts ticket alerts to Slack |").Replace(OpenBox, "- [x] Token table complete", StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => Task.FromResult(Host.BotNotes(iid).Count == 3), Patience, "Bob is pinged for his token");
        var threads = Host.BotNotes(iid).GroupBy(n => n.DiscussionId).Select(g => g.First()).ToDictionary(n => n.Mentions.Single() == FollowUpHost.Som ? "som" : n.Mentions.Single(), n => n.DiscussionId);
        Host.World.ZendeskMain!.SetCustomRole(ZendeskTeam.AliceMain, "Staff");
        await Host.ReplyAsync(iid, threads["alice"], "alice", "Role fixed.");
        await Host.ReplyAsync(iid, threads["bob"], "bob", "Justified in the table.");
        await Eventually.HoldsAsync(async () => await Host.ItemStateAsync(run, "alice") == "addressed"
            && await Host.ItemStateAsync(run, "token:Support bot token") == "addressed", Patience, "both answers pass their re-checks");

        Host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(() => Task.FromResult(Host.BotNotes(iid).Count == 4), Patience, "the bot's second ping");
        await Settle.ItemsAsync(() => Host.RunAsync(run), Host.Clock);
        Host.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => (await Host.RunAsync(run)).Status == "awaiting-review", Patience, "the review");
        await Host.ApproveAsync(iid, Host.BotNotes(iid)[^1].Id, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => (await Host.RunAsync(run)).Status == "completed", Patience, "the run completes");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await browser.DisposeAsync();
        await Host.DisposeAsync();
    }

    [Test, Order(1)]
    public async Task CompletedRun_DashboardGraphAndItems_GiveTheSameNumbers_EachFlowCountedOnce()
    {
        await using var app = await SignedInAsync("viewer");
        var page = app.Page;

        // The dashboard: two addressed, one escalated to the SOM, nothing open.
        var states = page.Locator($"tr[data-run='{run}'] .states");
        await Assertions.Expect(states.Locator("[data-state='addressed']")).ToHaveAttributeAsync("data-count", "2");
        await Assertions.Expect(states.Locator("[data-state='escalated-som']")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(states.Locator("[data-state]")).ToHaveCountAsync(2);
        await Assertions.Expect(states).ToHaveTextAsync("addressed 2escalated to SOM 1");
        await app.ScreenshotAsync("zendesk-dashboard");

        // The run: the same counts over its items table, one row per item of both flows.
        await page.Locator($"tr[data-run='{run}'] a").First.ClickAsync();
        await Assertions.Expect(page.Locator("table.items tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("run-item-states")).ToHaveTextAsync("addressed 2escalated to SOM 1");
        await Assertions.Expect(page.Locator("table.items [data-state='addressed']")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("table.items [data-state='escalated-som']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("table.items [data-state='open']")).ToHaveCountAsync(0);

        // The graph: the item flow drawn in each flow counts that flow's items only (2 findings, 1 token).
        await Assertions.Expect(page.Locator("[data-node='flows__zendesk_findings__follow_up__ping_person']")).ToHaveAttributeAsync("data-passed", "2");
        await Assertions.Expect(page.Locator("[data-node='flows__zendesk_token_review__owners__ping_person']")).ToHaveAttributeAsync("data-passed", "1");
        await Assertions.Expect(page.Locator("[data-node='flows__zendesk_findings__follow_up__ping_again']")).ToHaveAttributeAsync("data-passed", "1");
        await Assertions.Expect(page.Locator("[data-node='flows__zendesk_token_review__owners__ping_again']")).ToHaveAttributeAsync("data-passed", "0");
        await Assertions.Expect(page.Locator("[data-node='close_issue']")).ToHaveAttributeAsync("data-passed", "1");
        await Assertions.Expect(page.Locator("[data-node='close_issue']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bdone\\b"));
        await app.ScreenshotAsync("zendesk-run");

        // Readable at the default view (no text under 11 px); Fit shows the whole graph in its frame; zoom in and out.
        var sizes = await page.EvaluateAsync<double[]>(
            "() => [...document.querySelectorAll('.run-graph .graph-label, .run-graph .counts, .run-graph .graph-edge text, .run-graph .graph-group text')].map(e => parseFloat(getComputedStyle(e).fontSize) * (e.ownerSVGElement ? e.ownerSVGElement.getBoundingClientRect().width / e.ownerSVGElement.viewBox.baseVal.width : 1))");
        Assert.That(sizes, Is.Not.Empty);
        Assert.That(sizes.Min(), Is.GreaterThanOrEqualTo(11), "the smallest text on the graph, in screen pixels");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fit" }).ClickAsync();
        var fits = await page.EvaluateAsync<bool>("() => { const f = document.querySelector('.graph-frame'), s = f.querySelector('svg').getBoundingClientRect(); return s.height <= f.clientHeight && s.width <= f.clientWidth; }");
        Assert.That(fits, Is.True, "after Fit the whole graph is in view");
        var fitted = await page.GetByTestId("graph-zoom").TextContentAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("graph-zoom")).Not.ToHaveTextAsync(fitted!);
        await app.ScreenshotAsync("zendesk-run-fitted");
        await page.GetByRole(AriaRole.Button, new() { Name = "100%" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("graph-zoom")).ToHaveTextAsync("100%");
        app.AssertNoConsoleErrors();
    }

    [Test, Order(2)]
    public async Task Operator_OnACompletedRun_IsOfferedNoAction_AndStartsANewRunFromTheDashboard()
    {
        await using var app = await SignedInAsync("operator");
        var page = app.Page;
        await app.GotoAsync($"#/runs/{run}");
        await Assertions.Expect(page.Locator("table.items tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Change SOM" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".row-actions button")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".row-actions").First).ToHaveTextAsync("follow-up ended");
        await app.ScreenshotAsync("zendesk-run-operator");

        // The service refuses them all the same.
        var refused = await Host.Admin.PostAsync(new Uri($"/api/runs/{run}/items/alice/actions/skip-wait", UriKind.Relative), null);
        Assert.That((int)refused.StatusCode, Is.EqualTo(409));

        // Start run, per audit: the new run's page opens.
        await app.GotoAsync();
        await page.GetByTestId("kickoffs").Locator(".kickoff").Filter(new() { HasText = "zendesk-us-federal" })
            .GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Start a zendesk-us-federal run" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.Locator(".run-page h2")).ToContainTextAsync("zendesk-us-federal");
        var started = Guid.Parse(page.Url.Split('/')[^1]);
        Assert.That(started, Is.Not.EqualTo(run));
        Assert.That((await Host.RunAsync(started)).Audit, Is.EqualTo("zendesk-us-federal"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" })).ToBeVisibleAsync();
        app.AssertNoConsoleErrors();
    }

    private async Task<long> IssueWhenAsync(Func<long, bool> condition)
    {
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            if ((await Host.RunAsync(run)).Issue is not { } issue)
            {
                return false;
            }
            iid = issue.Iid;
            return condition(iid);
        }, Patience, "the issue with the findings' threads and the token table");
        return iid;
    }

    private static string WithRow(string description, string row)
    {
        var lines = description.Split('\n').ToList();
        var header = lines.FindIndex(l => l.Contains("Token name", StringComparison.OrdinalIgnoreCase) && l.Contains("Owner", StringComparison.OrdinalIgnoreCase));
        Assert.That(header, Is.GreaterThanOrEqualTo(0), "the description has the token table");
        lines.Insert(header + 2, row);
        return string.Join('\n', lines);
    }

    private async Task EditAsync(long iid, string username, Func<string, string> change) =>
        await Host.Fake.EditDescriptionAsync(iid, username, change(Host.Issue(iid).Description));

    internal async Task<AppPage> SignedInAsync(string role)
    {
        var token = (await Host.Admin.CreateTokenAsync($"ui-{role}-{Guid.NewGuid():N}", role)).Secret;
        var app = await browser.OpenAsync(Host.Admin.BaseAddress!);
        await app.SignInWithTokenAsync(token);
        return app;
    }
}
