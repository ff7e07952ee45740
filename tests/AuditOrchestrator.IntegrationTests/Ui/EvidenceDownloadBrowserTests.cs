using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Evidence;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>The run page's evidence downloads in Chromium, signed in with a pasted API token (no cookie to lean on).</summary>
public sealed class EvidenceDownloadBrowserTests
{
    private FollowUpHost host = null!;
    private Browser browser = null!;

    [SetUp]
    public async Task StartAsync()
    {
        host = await SmallTeam.StartAsync();
        browser = await Browser.LaunchAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await browser.DisposeAsync();
        await host.DisposeAsync();
    }

    [Test]
    public async Task RunPage_DownloadButtons_SaveThePackAsJsonMarkdownAndCsv_WhichVerifyIntact()
    {
        var run = await host.StartRunAsync();
        await host.FirstPingsAsync(run, 5);
        var token = (await host.Admin.CreateTokenAsync("ui-evidence-viewer", "viewer")).Secret;
        await using var app = await browser.OpenAsync(host.Admin.BaseAddress!);
        await app.SignInWithTokenAsync(token);

        await app.GotoAsync($"#/runs/{run}");
        var downloads = app.Page.GetByTestId("evidence-downloads");
        await Assertions.Expect(app.Page.Locator("table.items tbody tr")).ToHaveCountAsync(5);
        await app.ScreenshotAsync("run-evidence-downloads");

        var json = await DownloadAsync(app.Page, downloads, "JSON");
        var markdown = await DownloadAsync(app.Page, downloads, "Markdown");
        var csv = await DownloadAsync(app.Page, downloads, "CSV");
        var pack = JsonNode.Parse(json.Text)!.AsObject();
        var verdict = await host.Admin.VerifyPackAsync(json.Text);
        Assert.Multiple(() =>
        {
            Assert.That(json.Name, Is.EqualTo($"evidence-{run}.json"));
            Assert.That(pack["schema"]!.GetValue<string>(), Is.EqualTo("auditorchestrator.evidence/2"));
            Assert.That(pack["run"]!["id"]!.GetValue<string>(), Is.EqualTo(run.ToString()));
            Assert.That(verdict.Intact, Is.True, verdict.Message);
            Assert.That(markdown.Name, Is.EqualTo($"evidence-{run}.md"));
            Assert.That(markdown.Text, Does.StartWith("# Evidence: pagerduty access audit"));
            Assert.That(csv.Name, Is.EqualTo($"evidence-{run}.csv"));
            Assert.That(csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(6));
        });
        app.AssertNoConsoleErrors();
    }

    private static async Task<(string Name, string Text)> DownloadAsync(IPage page, ILocator downloads, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => downloads.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllTextAsync(path));
    }
}
