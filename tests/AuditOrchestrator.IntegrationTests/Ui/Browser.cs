using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// Debian's Chromium driven by Playwright. Every page records the app's console errors and uncaught exceptions, so a
/// test can fail on them; screenshots go to the test's attachments.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            Assert.Fail("Chromium is missing: apt-get install -y chromium (scripts/test.sh installs it).");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new Browser(playwright, browser);
    }

    /// <param name="app">The page's origin: only its console errors count.</param>
    /// <param name="timezoneId">The browser's own zone (IANA), for proof that what the page shows does not depend on it.</param>
    public async Task<AppPage> OpenAsync(Uri app, string? timezoneId = null)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, TimezoneId = timezoneId });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var result = new AppPage(context, page, app);
        page.Console += (_, message) =>
        {
            // Only the app's own errors count; the simulated GitLab's pages are not under test.
            if (message.Type == "error" && (message.Location.Length == 0 || message.Location.StartsWith(app.ToString(), StringComparison.Ordinal)))
            {
                result.Errors.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => result.Errors.Add("page error: " + error);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

public sealed class AppPage(IBrowserContext context, IPage page, Uri app) : IAsyncDisposable
{
    public IPage Page { get; } = page;
    public Uri App { get; } = app;
    public List<string> Errors { get; } = [];

    public async Task GotoAsync(string hash = "") =>
        await Page.GotoAsync(new Uri(App, "/" + hash).ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });

    public async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.png");
        // A page that is still navigating (a dashboard reloading after a button) cannot be captured; the picture is
        // for people to look at, so wait for the page to settle and try again rather than fail the test on it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Page.WaitForLoadStateAsync(LoadState.Load);
                await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
                break;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
        TestContext.AddTestAttachment(path, name);
    }

    /// <summary>Opens the app and signs in by pasting an API token, as a person would; <paramref name="who"/> is what the header then shows.</summary>
    public async Task SignInWithTokenAsync(string token, string who = "token:")
    {
        await GotoAsync();
        await Page.GetByLabel("Or paste an API token").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();
        await Assertions.Expect(Page.Locator("header .who")).ToContainTextAsync(who);
    }

    public void AssertNoConsoleErrors() => Assert.That(Errors, Is.Empty, "the page logged errors");

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
