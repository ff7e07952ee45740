using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// What a browser test of the UI drives: the real host on Kestrel over its own database, an admin API client for
/// setting things up, and Chromium.
/// </summary>
public sealed class BrowserHost : IAsyncDisposable
{
    private BrowserHost(TestDatabase database, ServiceFactory server, Browser browser)
    {
        Database = database;
        Server = server;
        Browser = browser;
        Api = server.Api();
    }

    public TestDatabase Database { get; }
    public ServiceFactory Server { get; }
    public HttpClient Api { get; }
    public Browser Browser { get; }

    public static async Task<BrowserHost> StartAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var server = UiHost.Start(database, UiHost.Settings());
        return new BrowserHost(database, server, await Browser.LaunchAsync());
    }

    /// <summary>A new page on the app, signed in with the "Sign in as demo admin" button.</summary>
    public async Task<AppPage> SignedInAsDemoAdminAsync()
    {
        var app = await Browser.OpenAsync(Server.BaseAddress);
        await app.GotoAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as demo admin" }).ClickAsync();
        await Assertions.Expect(app.Page.Locator("header")).ToContainTextAsync("demo-admin");
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Api.Dispose();
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}
