using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>On a service with nothing in it yet, every page says what belongs there instead of showing an empty table.</summary>
public sealed class EmptyPagesBrowserTests
{
    [Test]
    public async Task EveryPage_WhenEmpty_SaysWhatBelongsThere()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = UiHost.Start(database, UiHost.Settings());
        await using var browser = await Browser.LaunchAsync();
        await using var app = await browser.OpenAsync(server.BaseAddress);
        await app.GotoAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as demo admin" }).ClickAsync();
        var main = app.Page.Locator("main");

        var expected = new (string Page, string Says)[]
        {
            ("#/runs", "No runs yet. Each run audits one tool against the team data"),
            ("#/instances", "No workflow instances yet. Each audit run starts one"),
            ("#/designer", "No definitions yet. The workflows folder's YAML files are imported at start"),
            ("#/sources", "No audit records collected yet. Every minute the collector stores PagerDuty's audit records"),
            ("#/tokens", "No API tokens yet. A token lets a script or another service call the API"),
            ("#/people", "Pick a person"),
        };
        var violations = new List<string>();
        foreach (var (page, says) in expected)
        {
            await app.GotoAsync(page);
            await Assertions.Expect(main).ToContainTextAsync(says);
            await Assertions.Expect(main.Locator("table tbody tr")).ToHaveCountAsync(0);
            await app.ScreenshotAsync("empty-" + page.TrimStart('#', '/'));
            violations.AddRange(await Accessibility.SeriousViolationsAsync(app, page + " (empty)"));
        }
        Assert.That(violations, Is.Empty, "serious or critical axe violations");

        // No PagerDuty token: the collector is off, and the source says so rather than "healthy".
        await app.GotoAsync("#/sources");
        await Assertions.Expect(app.Page.GetByTestId("source-status")).ToHaveTextAsync("off");
        app.AssertNoConsoleErrors();
    }
}
