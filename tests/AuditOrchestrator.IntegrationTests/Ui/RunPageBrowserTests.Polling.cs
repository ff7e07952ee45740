using System.Collections.Concurrent;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

public sealed partial class RunPageBrowserTests
{
    /// <summary>The run page asks the service again every 2 seconds while it is open (RunPage.tsx, pollEvery).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    [Test, Order(3)]
    public async Task LeavingTheRunPage_StopsItsPolling()
    {
        await using var app = await SignedInAsync(await TokenAsync("ui-polling-viewer", "viewer"));
        var page = app.Page;
        var runApi = $"/api/runs/{run}";
        var asked = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            var path = new Uri(request.Url).AbsolutePath;
            if (path.StartsWith(runApi, StringComparison.Ordinal)) asked.Enqueue(path);
        };

        await app.GotoAsync($"#/runs/{run}");
        await Assertions.Expect(page.Locator("table.items tbody tr").First).ToBeVisibleAsync();
        // Open, the page polls: the run and its progress are asked again and again.
        await Eventually.HoldsAsync(() => Task.FromResult(asked.Count(p => p == $"{runApi}/progress") >= 3),
            TimeSpan.FromSeconds(30), "the open run page asks for its progress at least three times");

        await page.GetByRole(AriaRole.Link, new() { Name = "Runs", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit runs" })).ToBeVisibleAsync();
        // A request the page sent just before it went may still be reported: one interval's grace, then count.
        await page.WaitForTimeoutAsync((float)PollInterval.TotalMilliseconds);
        var afterLeaving = asked.Count;

        // Three poll intervals with the page gone: a poll left running would have asked at least twice more.
        await page.WaitForTimeoutAsync((float)(3 * PollInterval).TotalMilliseconds);
        Assert.That(asked.Skip(afterLeaving).ToList(), Is.Empty, "requests to the run's API after leaving its page");
        app.AssertNoConsoleErrors();
    }
}
