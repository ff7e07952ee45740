using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// Test runs in a real browser: an item flow's test run is refused before it starts, with the reason and what to do
/// instead; a test run of an audit is marked as such and left out of the runs dashboard unless asked for.
/// </summary>
public sealed class TestRunsBrowserTests
{
    private const string Parent = """
        id: ui-audit
        name: UI audit
        start: follow-up
        steps:
          - id: follow-up
            activity: FanOut
            level: audit
            settings:
              definition: ui-item
              items: items
        """;

    private BrowserHost _ui = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _ui = await BrowserHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _ui.DisposeAsync();

    [Test]
    public async Task ItemFlowTestRun_IsRefusedBeforeStarting_WithTheReason_InTheDesigner()
    {
        await DesignerFixtures.ImportAsync(_ui.Api, DesignerFixtures.Reminder.Replace("ui-reminder", "ui-item", StringComparison.Ordinal));
        await DesignerFixtures.ImportAsync(_ui.Api, Parent);
        var before = (await _ui.Api.GetAsync<List<InstanceSummary>>("/api/instances?definition=ui-item")).Count;

        var refused = await _ui.Api.PostAsync(new Uri("/api/definitions/ui-item/versions/1/test-run", UriKind.Relative), null);
        Assert.That((int)refused.StatusCode, Is.EqualTo(409));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("start a test run of 'ui-audit' instead"));

        await using var app = await _ui.SignedInAsDemoAdminAsync();
        await app.GotoAsync("#/designer/ui-item/1");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Test run" }).ClickAsync();
        await Assertions.Expect(app.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Test run not started: 'ui-item' follows up one item that 'ui-audit' hands it");
        await app.ScreenshotAsync("test-run-refused");
        Assert.That((await _ui.Api.GetAsync<List<InstanceSummary>>("/api/instances?definition=ui-item")).Count, Is.EqualTo(before), "nothing started");
        app.Errors.RemoveAll(e => e.Contains("status of 409", StringComparison.Ordinal));
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task AuditTestRun_IsMarked_AndHiddenFromRunsUnlessAsked()
    {
        await DesignerFixtures.ImportAsync(_ui.Api, DesignerFixtures.Reminder.Replace("ui-reminder", "ui-test-audit", StringComparison.Ordinal));
        var id = await _ui.Api.StartInstanceAsync("ui-test-audit", new JsonObject { ["testRun"] = true });
        // What an audit's first step does for a test run of it: the run's row.
        await _ui.Server.Services.GetRequiredService<AuditRuns>().EnsureAsync(id, "pagerduty", RunKinds.Manual, CancellationToken.None);

        var listed = await _ui.Api.GetAsync<List<RunView>>("/api/runs");
        Assert.That(listed.Any(r => r.Id == id), Is.False, "hidden by default");
        var asked = await _ui.Api.GetAsync<List<RunView>>("/api/runs?tests=true");
        Assert.That(asked.Single(r => r.Id == id).Test, Is.True);

        await using var app = await _ui.SignedInAsDemoAdminAsync();
        var page = app.Page;
        await Assertions.Expect(page.Locator("h2")).ToHaveTextAsync("Audit runs");
        await Assertions.Expect(page.Locator($"tr[data-run='{id}']")).ToHaveCountAsync(0);
        await page.GetByLabel("Show test runs").CheckAsync();
        await Assertions.Expect(page.Locator($"tr[data-run='{id}'] .test-badge")).ToHaveTextAsync("test run");
        await page.Locator($"tr[data-run='{id}'] a").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-run")).ToHaveTextAsync("test run");
        await app.ScreenshotAsync("test-run-marked");
        app.AssertNoConsoleErrors();
    }
}
