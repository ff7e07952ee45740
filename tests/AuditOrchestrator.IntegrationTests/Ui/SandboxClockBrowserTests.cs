using System.Globalization;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// The sandbox on a simulated clock far from the wall clock (an epoch kept from earlier runs): its PagerDuty's audit
/// records are on the simulated clock, so the Sources page is healthy, not "stale" at once; the clock is named as simulated.
/// </summary>
public sealed class SandboxClockBrowserTests
{
    [Test]
    public async Task Sandbox_FiftyFiveSimulatedDaysAhead_SourcesAreFreshOnTheSimulatedClock_AndTheClockIsNamed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
        };
        var migrated = await ServiceProcess.RunCliAsync(environment, "migrate");
        Assert.That(migrated.ExitCode, Is.Zero, migrated.StdErr);
        // The clock of earlier sandbox runs: 55 simulated days ahead of the wall clock, at the sandbox's speed.
        var realNow = DateTimeOffset.UtcNow;
        await database.ScalarAsync<int?>(string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO service_clock (id, speed, real_start, simulated_start) VALUES (1, 4320, '{realNow:O}', '{realNow.AddDays(55):O}')"));

        await using var service = ServiceProcess.Start(new Dictionary<string, string>(environment)
        {
            ["Sandbox__Enabled"] = "true",
            ["Sandbox__StartRuns"] = "false",
            ["Clock__Speed"] = "4320",
        });
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        await using var browser = await Browser.LaunchAsync();
        await using var app = await browser.OpenAsync(service.BaseAddress);
        var page = app.Page;
        await app.GotoAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as demo admin" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("simulated-clock")).ToContainTextAsync("Simulated clock");
        // At 1,400 px, with the clock and demo badges, the header keeps every link and badge on one line.
        await Assertions.Expect(page.Locator("header nav a")).ToHaveCountAsync(7);
        var heights = await page.Locator("header nav a, header .badge").EvaluateAllAsync<double[]>("els => els.map(e => e.getBoundingClientRect().height)");
        Assert.That(heights, Has.All.LessThan(28), "no header link or badge wraps");
        Assert.That(await page.Locator("header").EvaluateAsync<bool>("h => h.scrollWidth <= h.clientWidth && h.getBoundingClientRect().height < 60"), Is.True, "the header fits in one row");
        await app.ScreenshotAsync("sandbox-header");

        await app.GotoAsync("#/sources");
        var source = page.Locator(".source[data-source]");
        // Collected records arrive on the simulated clock: the source is healthy, its last record dated in the simulated present.
        for (var attempt = 0; await source.Locator("p.muted").TextContentAsync() is { } line && line.Contains("0 records stored", StringComparison.Ordinal); attempt++)
        {
            Assert.That(attempt, Is.LessThan(60), "records are collected");
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        await Assertions.Expect(page.GetByTestId("source-status")).ToHaveTextAsync("healthy");
        // The simulated present: 55 days ahead, and a few more for the minutes the test takes at 4,320 times real time.
        var simulatedDays = "(" + string.Join('|', Enumerable.Range(55, 8).Select(d => realNow.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))) + ")";
        await Assertions.Expect(source).ToContainTextAsync(new System.Text.RegularExpressions.Regex("last record " + simulatedDays + " \\d\\d:\\d\\d UTC"));
        await Assertions.Expect(page.Locator("table.records tbody tr").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(simulatedDays));
        await Assertions.Expect(source).Not.ToContainTextAsync("stale");
        await app.ScreenshotAsync("sandbox-sources");
        app.AssertNoConsoleErrors();
    }
}
