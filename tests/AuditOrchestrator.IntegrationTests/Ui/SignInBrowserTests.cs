using System.Net;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab.OAuth;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>Sign-in in a real browser: GitLab OAuth through the simulated GitLab, the demo admin, and the tokens page.</summary>
public sealed class SignInBrowserTests
{
    private GitLabSignInHost _host = null!;
    private Browser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await GitLabSignInHost.StartAsync(
            ("Auth:Roles:Admins:0", "alice"),
            ("Auth:Roles:Operators:0", "group:support-ops/leads"));
        _host.GitLab.AddUser("alice", "Alice Admin");
        _host.GitLab.AddUser("bob", "Bob Operator", groups: ["support-ops", "support-ops/leads"]);
        _host.GitLab.AddUser("mallory", "Mallory", groups: ["elsewhere"]);
        _browser = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task SignInWithGitLab_AsAMemberOfAnOperatorGroup_IsSignedInAsOperator_AndCanSignOut()
    {
        await using var app = await _browser.OpenAsync(_host.Server.BaseAddress);
        await app.GotoAsync();
        await app.ScreenshotAsync("sign-in");

        await app.Page.GetByText("Sign in with GitLab").ClickAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Authorize as bob" }).ClickAsync();

        await Assertions.Expect(app.Page.Locator("header .who")).ToContainTextAsync("bob (operator)");
        await Assertions.Expect(app.Page.GetByRole(AriaRole.Link, new() { Name = "API tokens" })).ToHaveCountAsync(0);
        await app.ScreenshotAsync("signed-in-operator");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(app.Page.GetByText("Sign in with GitLab")).ToBeVisibleAsync();
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task SignInWithGitLab_AsAUserInNoRole_ShowsTheNoAccessPage()
    {
        await using var app = await _browser.OpenAsync(_host.Server.BaseAddress);
        await app.GotoAsync();

        await app.Page.GetByText("Sign in with GitLab").ClickAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Authorize as mallory" }).ClickAsync();

        await Assertions.Expect(app.Page.GetByRole(AriaRole.Heading, new() { Name = "No access" })).ToBeVisibleAsync();
        await Assertions.Expect(app.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("mallory");
        await app.ScreenshotAsync("no-access");
        await Accessibility.AssertNoSeriousViolationsAsync(app, "the no-access page");
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task DemoAdmin_CreatesATokenWhoseSecretIsShownOnce_ThenRevokesIt()
    {
        await using var app = await _browser.OpenAsync(_host.Server.BaseAddress);
        await app.GotoAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as demo admin" }).ClickAsync();
        await Assertions.Expect(app.Page.Locator("header")).ToContainTextAsync("Demo admin");

        await app.Page.GetByRole(AriaRole.Link, new() { Name = "API tokens" }).ClickAsync();
        await app.Page.GetByLabel("Name").FillAsync("nightly-export");
        await app.Page.GetByLabel("Role").SelectOptionAsync("operator");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var secret = await app.Page.GetByTestId("new-token-secret").InnerTextAsync();
        await app.ScreenshotAsync("token-created");

        using (var withSecret = _host.Server.Api(secret))
        {
            Assert.That((await withSecret.GetAsync(new Uri("/api/activities", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Assertions.Expect(app.Page.GetByTestId("new-token-secret")).ToHaveCountAsync(0);
        Assert.That(await app.Page.ContentAsync(), Does.Not.Contain(secret), "the secret is shown once");

        app.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        var row = app.Page.Locator("tr[data-token='nightly-export']");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("revoked");
        using (var revoked = _host.Server.Api(secret))
        {
            Assert.That((await revoked.GetAsync(new Uri("/api/activities", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        await app.ScreenshotAsync("token-revoked");
        app.AssertNoConsoleErrors();
    }
}
