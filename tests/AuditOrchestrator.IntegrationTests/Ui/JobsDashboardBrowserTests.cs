using System.Net;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab.OAuth;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>The jobs dashboard in a real browser for the three kinds of caller: an admin acts, an operator reads, a stranger is refused.</summary>
public sealed class JobsDashboardBrowserTests
{
    private GitLabSignInHost _host = null!;
    private Browser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await GitLabSignInHost.StartAsync(
            ("Auth:Roles:Admins:0", "alice"),
            ("Auth:Roles:Operators:0", "bob"));
        _host.GitLab.AddUser("alice", "Alice Admin");
        _host.GitLab.AddUser("bob", "Bob Operator");
        _browser = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task Admin_FollowsTheJobsLink_AndTriggersARecurringJob()
    {
        await using var app = await SignedInAsync("alice");

        await app.Page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await app.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/hangfire"));
        await app.Page.GotoAsync(new Uri(_host.Server.BaseAddress, "hangfire/recurring").ToString());
        var runsBefore = await RetentionRunsAsync();
        await app.Page.Locator("tr", new() { HasText = "retention-purge" }).Locator("input[type=checkbox]").CheckAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
        await Eventually.HoldsAsync(async () => await RetentionRunsAsync() == runsBefore + 1,
            TimeSpan.FromSeconds(30), "the admin's trigger runs the purge");
        await app.ScreenshotAsync("jobs-admin");
    }

    [Test]
    public async Task Operator_SeesTheJobsWithoutButtons_AndACommandIsRefused()
    {
        await using var app = await SignedInAsync("bob");

        await app.Page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await app.Page.GotoAsync(new Uri(_host.Server.BaseAddress, "hangfire/recurring").ToString());
        await Assertions.Expect(app.Page.GetByText("timers-backstop-sweep")).ToBeVisibleAsync();
        await Assertions.Expect(app.Page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" })).ToHaveCountAsync(0);
        await app.ScreenshotAsync("jobs-operator");

        var before = await RetentionRunsAsync();
        var header = await app.Page.Locator("meta[name=csrf-header]").GetAttributeAsync("content");
        var token = await app.Page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        var post = await app.Page.APIRequest.PostAsync(new Uri(_host.Server.BaseAddress, "hangfire/recurring/trigger").ToString(), new()
        {
            Headers = new Dictionary<string, string> { [header!] = token! },
            Form = app.Page.APIRequest.CreateFormData().Append("jobs[]", "retention-purge"),
        });
        Assert.That(post.Status, Is.EqualTo((int)HttpStatusCode.Unauthorized), "read-only: the dashboard refuses the command");
        Assert.That(await RetentionRunsAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Anonymous_Is401()
    {
        await using var app = await _browser.OpenAsync(_host.Server.BaseAddress);
        var response = await app.Page.GotoAsync(new Uri(_host.Server.BaseAddress, "hangfire").ToString());
        Assert.That(response!.Status, Is.EqualTo((int)HttpStatusCode.Unauthorized));
    }

    private async Task<long> RetentionRunsAsync() =>
        await _host.Database.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%RetentionJob%'");

    private async Task<AppPage> SignedInAsync(string user)
    {
        var app = await _browser.OpenAsync(_host.Server.BaseAddress);
        await app.GotoAsync();
        await app.Page.GetByText("Sign in with GitLab").ClickAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = $"Authorize as {user}" }).ClickAsync();
        await Assertions.Expect(app.Page.Locator("header .who")).ToContainTextAsync(user);
        return app;
    }
}
