using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Api.Runs;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Audits.Alerts;
using AuditOrchestrator.IntegrationTests.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// What needs attention, in a real browser: an item's step faults (PagerDuty refuses the token), the alerts pass
/// opens an alert; the dashboard's column and filter show the run, the run page lists the alert, the instance page
/// says why it faulted, whose it is and which run, and Retry from there runs the step again.
/// </summary>
public sealed class AttentionBrowserTests
{
    private FollowUpHost host = null!;
    private Browser browser = null!;
    private Guid run;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        host = await SmallTeam.StartAsync();
        run = await host.StartRunAsync();
        await host.FirstPingsAsync(run, 5);
        browser = await Browser.LaunchAsync();

        // Alice's re-check faults after its attempts while PagerDuty refuses the token.
        host.PagerDuty.Faults.FailNext(10_000, 401);
        var skipped = await host.Admin.PostAsync(new Uri($"/api/runs/{run}/items/alice/actions/skip-wait", UriKind.Relative), null);
        Assert.That((int)skipped.StatusCode, Is.EqualTo(202));
        for (var round = 0; !await FaultedAsync("alice"); round++)
        {
            Assert.That(round, Is.LessThan(100), "Alice's re-check faults");
            host.Clock.Advance(TimeSpan.FromMinutes(6));
            await Task.Delay(300);
        }
        Assert.That(await host.Service.Services.GetRequiredService<RunAlertsPass>().RunAsync(CancellationToken.None), Is.True);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await browser.DisposeAsync();
        await host.DisposeAsync();
    }

    [Test]
    public async Task FaultedItem_ShowsOnTheDashboard_TheRunsAlerts_AndItsInstancePage_WhereRetryRunsItAgain()
    {
        await using var app = await SignedInAsync();
        var page = app.Page;

        // The dashboard: the run needs attention, and stays listed when only those are asked for.
        var attention = page.Locator($"tr[data-run='{run}'] .attention");
        await Assertions.Expect(attention).ToContainTextAsync("faulted");
        await Assertions.Expect(attention).ToContainTextAsync("1 open alert");
        // A kickoff that will not happen says why (no Zendesk token here), and "Start run" is offered all the same.
        var zendesk = page.GetByTestId("kickoffs").Locator(".kickoff").Filter(new() { HasText = "zendesk-us-federal" });
        await Assertions.Expect(zendesk).ToContainTextAsync("disabled: Audits__ZendeskUsFederal__Enabled is false or no token is set");
        await Assertions.Expect(zendesk.GetByRole(AriaRole.Button, new() { Name = "Start run" })).ToBeVisibleAsync();
        await page.GetByLabel("Needs attention only").CheckAsync();
        await Assertions.Expect(page.Locator($"tr[data-run='{run}']")).ToBeVisibleAsync();
        await app.ScreenshotAsync("attention-dashboard");

        // The run page: the alert names the item, the step and the reason.
        await page.Locator($"tr[data-run='{run}'] a").First.ClickAsync();
        var alert = page.GetByTestId("alerts").Locator("li[data-item='alice']");
        await Assertions.Expect(alert).ToContainTextAsync("Faulted");
        await Assertions.Expect(alert).ToContainTextAsync("step “Have all issues been addressed?”");
        await Assertions.Expect(alert.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeVisibleAsync();
        await app.ScreenshotAsync("attention-run-alerts");

        // The instance page: why, whose, which run; then Retry once PagerDuty takes the token again.
        await alert.GetByRole(AriaRole.Link, new() { Name = "Open the instance" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("faulted");
        await Assertions.Expect(page.GetByTestId("incident")).ToContainTextAsync("Faulted at step “Have all issues been addressed?”");
        await Assertions.Expect(page.GetByTestId("incident")).ToContainTextAsync("401");
        await Assertions.Expect(page.GetByTestId("instance-person").GetByRole(AriaRole.Link, new() { Name = "@alice" }))
            .ToHaveAttributeAsync("href", "#/people/alice");
        await Assertions.Expect(page.GetByTestId("instance-run")).ToHaveAttributeAsync("href", $"#/runs/{run}");
        await Assertions.Expect(page.Locator(".journal tr[data-kind='faulted']")).ToHaveCountAsync(1);
        await app.ScreenshotAsync("attention-instance");
        host.PagerDuty.Faults.Clear();
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Retry" }).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice")).ToHaveTextAsync("The faulted step is running again.");
        await Assertions.Expect(page.GetByTestId("instance-status")).Not.ToHaveTextAsync("faulted");

        // Instances of this run only, then only the faulted ones: none is left.
        await page.GetByRole(AriaRole.Link, new() { Name = "Instances" }).ClickAsync();
        await page.GetByLabel("Run").FillAsync(run.ToString());
        await Assertions.Expect(page.Locator("tr[data-instance]")).ToHaveCountAsync(6);
        // One date format, with its zone, here as on the runs.
        var started = await page.Locator("tr[data-instance] td:nth-child(6)").AllTextContentsAsync();
        Assert.That(started, Has.All.Match(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$"));
        await page.GetByLabel("Definition").SelectOptionAsync("followup-item");
        await Assertions.Expect(page.Locator("tr[data-instance]")).ToHaveCountAsync(5);
        await page.GetByLabel("Status").SelectOptionAsync("faulted");
        await Assertions.Expect(page.GetByText("No instance matches these filters.")).ToBeVisibleAsync();
        await app.ScreenshotAsync("attention-instances");
        app.AssertNoConsoleErrors();
    }

    private async Task<bool> FaultedAsync(string item) =>
        (await host.Admin.GetAsync<RunProgressView>($"/api/runs/{run}/progress")).Items.Any(i => i.Id == item && i.Status == "faulted");

    private async Task<AppPage> SignedInAsync()
    {
        var token = (await host.Admin.CreateTokenAsync("ui-attention", "operator")).Secret;
        var app = await browser.OpenAsync(host.Admin.BaseAddress!);
        await app.SignInWithTokenAsync(token);
        return app;
    }
}
