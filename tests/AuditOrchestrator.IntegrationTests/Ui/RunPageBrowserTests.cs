using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Workflows;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// The runs dashboard and a run's page in a real browser, on a real PagerDuty quarterly run against the simulated
/// GitLab and PagerDuty: the graph's counts, the items, every operator action through its dialog and its effect.
/// </summary>
public sealed partial class RunPageBrowserTests
{
    private FollowUpHost host = null!;
    private Browser browser = null!;
    private Guid run;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // Every re-check reads PagerDuty itself: Alice's must meet the refused token below, not a pass Carol's re-check ran.
        host = await SmallTeam.StartAsync(moreSettings: new Dictionary<string, string?> { ["Audits:RecheckWindow"] = "00:00:00" });
        run = await host.StartRunAsync();
        await host.FirstPingsAsync(run, 5);
        browser = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await browser.DisposeAsync();
        await host.DisposeAsync();
    }

    [Test, Order(0)]
    public async Task PersonView_FromTheItemsTable_ShowsTheirRunFindingsAnswersWhoIsWaitingAndWhatComesNext()
    {
        await using var app = await SignedInAsync(await TokenAsync("ui-person-viewer", "viewer"));
        var page = app.Page;
        await app.GotoAsync($"#/runs/{run}");
        await Row(page, "dave").GetByRole(AriaRole.Link, new() { Name = "all runs ›" }).ClickAsync();
        Assert.That(page.Url, Does.EndWith("#/people/dave"));

        var article = page.Locator($"article.person-run[data-run='{run}']");
        await Assertions.Expect(article).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("article.person-run")).ToHaveCountAsync(1);
        await Assertions.Expect(article.Locator(".person-item")).ToHaveCountAsync(1);
        await Assertions.Expect(article.Locator(".person-item [data-state]")).ToHaveTextAsync("open");
        await Assertions.Expect(article.Locator(".person-findings li")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(article.GetByTestId("person-answers")).ToHaveTextAsync("nothing yet");
        await Assertions.Expect(article.GetByTestId("person-waiting")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex("^Waiting on @dave to answer on the issue \\(pinged \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\)\\.$"));
        var due = (await DueAtAsync("dave")).UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(article.GetByTestId("person-next")).ToHaveTextAsync($"If nobody answers first, the step “Wait 72 hours” ends on {due} UTC and the follow-up moves on.");
        await app.ScreenshotAsync("person-dave");

        // The SOM appears through the run they manage, with no item of their own.
        await app.GotoAsync($"#/people/{FollowUpHost.Som}");
        await Assertions.Expect(page.Locator($"article.person-run[data-run='{run}'] [data-testid='person-som']")).ToContainTextAsync("is the run’s SOM");
        await Assertions.Expect(page.Locator(".person-item")).ToHaveCountAsync(0);

        // The instance page links its person here; a stranger's page says why it is empty.
        var instance = (await host.RunAsync(run)).Item("carol").InstanceId;
        await app.GotoAsync($"#/instances/{instance}");
        await page.GetByTestId("instance-person").GetByRole(AriaRole.Link, new() { Name = "@carol" }).ClickAsync();
        await Assertions.Expect(page.Locator($"article.person-run[data-run='{run}'] .person-item[data-item='carol']")).ToBeVisibleAsync();
        await app.GotoAsync("#/people/zelda");
        await Assertions.Expect(page.GetByTestId("person-empty")).ToContainTextAsync("@zelda appears in no run");
        app.AssertNoConsoleErrors();
    }

    [Test, Order(1)]
    public async Task Viewer_SeesTheRunWithoutActionButtons_AndTheApiRefusesThem()
    {
        var token = await TokenAsync("ui-viewer", "viewer");
        await using var app = await SignedInAsync(token);

        await app.GotoAsync($"#/runs/{run}");
        await Assertions.Expect(app.Page.Locator("table.items tbody tr")).ToHaveCountAsync(5);
        await app.ScreenshotAsync("run-as-viewer");

        await Assertions.Expect(app.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" })).ToHaveCountAsync(0);
        await Assertions.Expect(app.Page.GetByRole(AriaRole.Button, new() { Name = "Skip wait" })).ToHaveCountAsync(0);
        await Assertions.Expect(app.Page.Locator(".row-actions")).ToHaveCountAsync(0);
        using var viewer = new HttpClient { BaseAddress = host.Admin.BaseAddress };
        viewer.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var refused = await viewer.PostAsync(new Uri($"/api/runs/{run}/items/dave/actions/skip-wait", UriKind.Relative), null);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        app.AssertNoConsoleErrors();
    }

    [Test, Order(2)]
    public async Task Operator_FromTheDashboardToTheRun_TakesEachActionThroughItsDialog_AndSeesItsEffect()
    {
        await using var app = await SignedInAsync(await TokenAsync("ui-operator", "operator"));
        var page = app.Page;

        // The dashboard: the run under its audit and period, five open items; found by person, not by a stranger.
        await Assertions.Expect(page.Locator($"tr[data-run='{run}'] .states")).ToContainTextAsync("open 5");
        await Assertions.Expect(page.GetByTestId("kickoffs")).ToContainTextAsync("pagerduty");
        await app.ScreenshotAsync("runs-dashboard");
        await page.GetByLabel("Person").FillAsync("zelda");
        await Assertions.Expect(page.GetByText("No run matches these filters.")).ToBeVisibleAsync();
        await page.GetByLabel("Person").FillAsync("dave");
        await page.Locator($"tr[data-run='{run}'] a").First.ClickAsync();

        // The run: the combined graph with counts on the item flow's steps, and the items with their ping links.
        await Assertions.Expect(page.Locator("[data-node='follow_up__wait_first']")).ToHaveAttributeAsync("data-now", "5");
        await Assertions.Expect(page.Locator("[data-node='follow_up__ping_person']")).ToHaveAttributeAsync("data-passed", "5");
        await Assertions.Expect(page.Locator("table.items tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(Row(page, "dave").Locator(".pings a")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("#note_\\d+$"));
        await app.ScreenshotAsync("run-page");

        // Extend wait: Dave's timer moves a day later; his journal names the operator.
        var daveDue = await DueAtAsync("dave");
        var shownDue = await Row(page, "dave").Locator(".due").TextContentAsync();
        await Assertions.Expect(Row(page, "dave").GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
        await Row(page, "dave").GetByRole(AriaRole.Button, new() { Name = "Extend wait" }).ClickAsync();
        var extend = page.GetByRole(AriaRole.Dialog, new() { Name = "Extend the wait" });
        await extend.GetByLabel("By").FillAsync("3 days");
        await Assertions.Expect(extend.GetByTestId("input-check")).ToHaveTextAsync("= 3 days");
        await extend.GetByLabel("By").FillAsync("soon");
        await Assertions.Expect(extend.GetByRole(AriaRole.Button, new() { Name = "Confirm" })).ToBeDisabledAsync();
        await extend.GetByLabel("By").FillAsync("24h");
        await Assertions.Expect(extend.GetByTestId("input-check")).ToHaveTextAsync("= 1 day");
        await extend.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("dave's wait now ends 1 day later.");
        await Assertions.Expect(Row(page, "dave").Locator(".due")).Not.ToHaveTextAsync(shownDue!);
        Assert.That(await DueAtAsync("dave"), Is.EqualTo(daveDue + TimeSpan.FromDays(1)));
        await Row(page, "dave").Locator("button.link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("item-detail").Locator("tr[data-kind='operator-action']").Filter(new() { HasText = "extended the wait by 1 day, until" }).Locator(".actor"))
            .ToHaveTextAsync("token:ui-operator");
        await Assertions.Expect(page.GetByTestId("item-detail").Locator("svg.timeline [data-kind='ping']")).ToHaveCountAsync(1);
        // The journal in sentences: the ping links to its GitLab note; the wait says how long and until when; the data expands.
        var pinged = page.GetByTestId("item-detail").Locator("tr[data-kind='pinged'] .sentence");
        await Assertions.Expect(pinged).ToHaveTextAsync("Pinged @dave on the issue");
        await Assertions.Expect(pinged.GetByRole(AriaRole.Link, new() { Name = "@dave" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("#note_\\d+$"));
        var waiting = page.GetByTestId("item-detail").Locator("tr[data-kind='waiting'] .sentence").First;
        await Assertions.Expect(waiting).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Waiting 3 days, until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC, or for "));
        await Assertions.Expect(waiting).ToContainTextAsync("or for an answer on the GitLab issue");
        var raw = page.GetByTestId("item-detail").Locator("tr[data-kind='pinged'] details.raw");
        await raw.Locator("summary").ClickAsync();
        await Assertions.Expect(raw.Locator("pre")).ToContainTextAsync("\"mention\": \"dave\"");
        await Assertions.Expect(page.GetByTestId("item-detail").Locator("svg.timeline [data-kind='timer']")).ToHaveCountAsync(1);
        // Words, not step ids: the timeline, the next timer and the journal's step column read the chart's labels.
        await Assertions.Expect(page.GetByTestId("item-detail").Locator("svg.timeline [data-kind='timer'] > text")).ToHaveTextAsync("wait ends");
        await Assertions.Expect(page.GetByTestId("item-detail").Locator("svg.timeline [data-kind='ping'] > text")).ToHaveTextAsync("pinged @dave");
        await Assertions.Expect(Row(page, "dave").Locator(".timer")).ToContainTextAsync("Wait 72 hours");
        await Assertions.Expect(page.GetByTestId("item-detail").Locator("tr[data-kind='pinged'] td.step-name")).ToHaveTextAsync("Ping each person to address the problems");
        await Assertions.Expect(page.GetByTestId("item-detail").Locator("tr[data-kind='step-completed'] .sentence").First)
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Done: “[A-Z][^”]+”"));
        foreach (var sentence in await page.GetByTestId("item-detail").Locator(".journal td.sentence, .journal td.step-name, svg.timeline text").AllTextContentsAsync())
        {
            Assert.That(sentence, Does.Not.Match("wait-first|ping-person|side-effect|step-completed"), "no internal names in the item's journal");
        }
        await app.ScreenshotAsync("run-extend-wait");

        // Skip wait: Carol's 72 hours end now; still failing, she is pinged again and waits the second time.
        await ActAsync(page, "carol", "Skip wait", "Skip the wait");
        await Assertions.Expect(Row(page, "carol").Locator(".timer")).ToContainTextAsync("wait 4 days", new() { Timeout = 30_000 });
        await Assertions.Expect(Row(page, "carol").Locator(".pings a")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-node='follow_up__wait_second']")).ToHaveAttributeAsync("data-now", "1");

        // Addressed: Bob's findings are taken as addressed on the operator's word.
        await ActAsync(page, "bob", "Addressed", "Mark as addressed");
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("bob is marked as addressed");
        await Assertions.Expect(Row(page, "bob").Locator(".state")).ToContainTextAsync("addressed", new() { Timeout = 30_000 });
        await Assertions.Expect(Row(page, "bob").Locator(".row-actions button")).ToHaveCountAsync(0);
        await Row(page, "bob").Locator("button.link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("item-detail").Locator("tr[data-kind='signal-received'] .actor").First).ToHaveTextAsync("token:ui-operator");
        await app.ScreenshotAsync("run-addressed");

        // Retry: PagerDuty refuses the token while Alice's wait is skipped, so her re-check faults after its attempts;
        // once PagerDuty takes the token again, Retry runs the step again and she is pinged a second time.
        host.PagerDuty.Faults.FailNext(10_000, 401);
        await ActAsync(page, "alice", "Skip wait", "Skip the wait");
        // Each advance passes the longest backoff (5 minutes); a few hours at most, far from the other items' timers.
        for (var round = 0; !await FaultedAsync("alice"); round++)
        {
            Assert.That(round, Is.LessThan(100), "Alice's re-check faults");
            host.Clock.Advance(TimeSpan.FromMinutes(6));
            await Task.Delay(300);
        }
        await Assertions.Expect(Row(page, "alice").Locator(".state .bad")).ToHaveTextAsync("faulted");
        await Assertions.Expect(page.Locator("[data-node='follow_up__addressed_after_first']")).ToHaveAttributeAsync("data-faulted", "1");
        await app.ScreenshotAsync("run-item-faulted");
        host.PagerDuty.Faults.Clear();
        await ActAsync(page, "alice", "Retry", "Retry");
        await Assertions.Expect(Row(page, "alice").Locator(".timer")).ToContainTextAsync("wait 4 days", new() { Timeout = 30_000 });
        await Assertions.Expect(Row(page, "alice").Locator(".state .bad")).ToHaveCountAsync(0);
        await Row(page, "alice").Locator("button.link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("item-detail").Locator("tr[data-kind='operator-action']").Filter(new() { HasText = "retried the faulted step" }).Locator(".actor"))
            .ToHaveTextAsync("token:ui-operator");

        // Change SOM to someone not among the managers: the dialog says why it is refused, and nothing changes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Change SOM" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Change the SOM" });
        await dialog.GetByLabel("GitLab username").FillAsync(FollowUpHost.Lead);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("is not in SupportOps__Managers");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-som")).ToHaveTextAsync(FollowUpHost.Som);
        app.Errors.RemoveAll(e => e.Contains("status of 403", StringComparison.Ordinal) || e.Contains("status of 400", StringComparison.Ordinal));

        // Cancel the run: the run journal names the operator.
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Cancel the run" }).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("cancelled", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".run-page > .journal tr[data-kind='cancelled'] .actor")).ToHaveTextAsync("token:ui-operator");
        await Assertions.Expect(Row(page, "alice").Locator(".state")).ToContainTextAsync("cancelled");
        await app.ScreenshotAsync("run-cancelled");
        app.AssertNoConsoleErrors();
    }

    private static ILocator Row(IPage page, string item) => page.Locator($"tr[data-item='{item}']");

    private static async Task ActAsync(IPage page, string item, string button, string dialogTitle)
    {
        await Row(page, item).GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = dialogTitle });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }

    private async Task<bool> FaultedAsync(string item) =>
        (await host.Admin.GetAsync<RunProgressView>($"/api/runs/{run}/progress")).Items.Any(i => i.Id == item && i.Status == "faulted");

    private async Task<DateTimeOffset> DueAtAsync(string item) =>
        (await host.RunAsync(run)).Item(item).NextTimer!.DueAt;

    private async Task<string> TokenAsync(string name, string role) => (await host.Admin.CreateTokenAsync(name, role)).Secret;

    private async Task<AppPage> SignedInAsync(string token)
    {
        var app = await browser.OpenAsync(host.Admin.BaseAddress!);
        await app.SignInWithTokenAsync(token);
        return app;
    }
}
