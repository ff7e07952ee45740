using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// The designer on the longest shipped flow (the 001 follow-up of one item): readable at its default view, zoom and
/// pan, outcome labels clear of the handles, and a label that names a duration follows the setting or warns.
/// </summary>
public sealed class DesignerReadabilityBrowserTests
{
    private const string MinimumTextPx = """
        () => {
          const scale = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a;
          const text = [...document.querySelectorAll('.react-flow__node .step-title, .react-flow__node .step-meta, .react-flow__node .outcome-label, .react-flow__edge-text')];
          return Math.min(...text.map(e => parseFloat(getComputedStyle(e).fontSize) * scale));
        }
        """;

    private const string Viewport = "() => getComputedStyle(document.querySelector('.react-flow__viewport')).transform";

    // Every outcome label's box against every handle and every other label of its node.
    private const string LabelsClearOfHandles = """
        () => {
          const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
          const problems = [];
          for (const node of document.querySelectorAll('.react-flow__node')) {
            const labels = [...node.querySelectorAll('.outcome-label')].map(l => ({ text: l.textContent, box: l.getBoundingClientRect() }));
            const handles = [...node.querySelectorAll('.react-flow__handle')].map(h => h.getBoundingClientRect());
            for (const l of labels) {
              const under = handles.find(h => overlap(l.box, h));
              if (under) problems.push(`${node.dataset.id}: '${l.text}' [${l.box.left},${l.box.top},${l.box.right},${l.box.bottom}] under a handle [${under.left},${under.top},${under.right},${under.bottom}]`);
              if (labels.some(o => o !== l && overlap(l.box, o.box))) problems.push(`${node.dataset.id}: '${l.text}' over another label`);
            }
          }
          return problems;
        }
        """;

    [Test]
    public async Task Designer_AtItsDefaultView_IsReadable_ZoomsAndPans_AndItsLabelsFollowTheSettings()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = UiHost.Start(database, UiHost.Settings());
        using var api = server.Api();
        await DesignerFixtures.ImportAsync(api, await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "followup-item.yaml")));
        await using var browser = await Browser.LaunchAsync();
        await using var app = await browser.OpenAsync(server.BaseAddress);
        var page = app.Page;
        await app.GotoAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as demo admin" }).ClickAsync();

        await app.GotoAsync("#/designer/followup-item");
        await Assertions.Expect(page.Locator(".react-flow__node")).Not.ToHaveCountAsync(0);
        await SettledAsync(page);
        var smallest = await page.EvaluateAsync<double>(MinimumTextPx);
        Assert.That(smallest, Is.GreaterThanOrEqualTo(11), "the smallest text in the graph at the default view, in px");
        await app.ScreenshotAsync("designer-default-view");
        Assert.That(await page.EvaluateAsync<string[]>(LabelsClearOfHandles), Is.Empty);
        TestContext.Out.WriteLine($"smallest text at the default view: {smallest:0.0} px");

        // Zoom in with the controls, then pan by dragging the empty canvas.
        var before = await page.EvaluateAsync<string>(Viewport);
        await page.Locator(".react-flow__controls-zoomin").ClickAsync();
        await Eventually.HoldsAsync(async () => await page.EvaluateAsync<string>(Viewport) != before, TimeSpan.FromSeconds(5), "the zoom changes the view");
        var zoomed = await page.EvaluateAsync<string>(Viewport);
        var pane = (await page.Locator(".react-flow__pane").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(pane.X + pane.Width - 12, pane.Y + 8);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(pane.X + pane.Width - 160, pane.Y + 120, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Eventually.HoldsAsync(async () => await page.EvaluateAsync<string>(Viewport) != zoomed, TimeSpan.FromSeconds(5), "the drag pans the view");

        // "Wait 72 hours" becomes "Wait 5 days" when its timeout does.
        // Selected as a click would, wherever the pan left it.
        var wait = page.Locator(".react-flow__node[data-id='wait-first']");
        await wait.EvaluateAsync("node => node.click()");
        await page.Locator("#setting-timeout").FillAsync("5d");
        await page.Locator("#setting-timeout").BlurAsync();
        await Assertions.Expect(page.GetByLabel("Label", new() { Exact = true })).ToHaveValueAsync("Wait 5 days");
        await Assertions.Expect(wait.Locator(".step-title")).ToHaveTextAsync("Wait 5 days");
        await Assertions.Expect(page.GetByTestId("duration-timeout")).ToHaveTextAsync("5 days");
        // A label written by hand that no longer matches is flagged on the step and in its panel.
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Wait 72 hours");
        await Assertions.Expect(wait.GetByTestId("step-label-warning")).ToContainTextAsync("The label says 72 hours; timeout is 5 days");
        await Assertions.Expect(page.GetByTestId("label-warning")).ToContainTextAsync("The label says 72 hours; timeout is 5 days");
        // A label naming a duration of a step without one ("Ping them again on the issue, wait 4 days") is left alone.
        await Assertions.Expect(page.Locator(".react-flow__node[data-id='ping-again'] [data-testid='step-label-warning']")).ToHaveCountAsync(0);
        await app.ScreenshotAsync("designer-label-warning");
        app.AssertNoConsoleErrors();
    }

    /// <summary>The default view is set a frame or two after the nodes are measured: wait until it stops moving.</summary>
    private static async Task SettledAsync(IPage page)
    {
        var last = "";
        await Eventually.HoldsAsync(async () =>
        {
            var now = await page.EvaluateAsync<string>(Viewport);
            var settled = now == last && now != "none";
            last = now;
            await Task.Delay(150);
            return settled;
        }, TimeSpan.FromSeconds(10), "the designer's view settles");
    }
}
