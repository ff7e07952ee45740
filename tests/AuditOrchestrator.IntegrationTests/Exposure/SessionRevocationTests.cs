using System.Net;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Ui;
using AuditOrchestrator.Sandbox.GitLab.OAuth;

namespace AuditOrchestrator.IntegrationTests.Exposure;

/// <summary>
/// Sessions are rows, revoked at sign-out, and their role is re-checked with GitLab (by the user's id) every
/// <c>Auth__RoleCheckInterval</c> (1 s here; one minute at most in production): each test performs the attack with a
/// real OAuth sign-in against the simulated GitLab and shows it refused.
/// </summary>
public sealed class SessionRevocationTests
{
    private static readonly TimeSpan WithinTheCheck = TimeSpan.FromSeconds(20);
    private GitLabSignInHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await GitLabSignInHost.StartAsync(
            ("Auth:RoleCheckInterval", "00:00:01"),
            ("Auth:Roles:Admins:0", "alice"),
            ("Auth:Roles:Admins:1", "group:support-ops/admins"),
            ("Auth:Roles:Viewers:0", "group:support-ops"));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task SignedOutSession_ReplayedFromACopiedCookie_Is401()
    {
        _host.GitLab.AddUser("olivia", groups: ["support-ops/admins"]);
        using var browser = await SignedInBrowser.WithGitLabAsync(_host.Server.BaseAddress, _host.GitLab, "olivia");
        var stolen = browser.SessionCookie;
        using var thief = browser.ReplayingTheCookie(stolen);
        Assert.That((await thief.GetAsync(new Uri("/api/tokens", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copy works while signed in");

        var signOut = await browser.PostAsync("/auth/logout");
        var replayed = await thief.GetAsync(new Uri("/api/tokens", UriKind.Relative));

        Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await _host.Database.ScalarAsync<long>("SELECT count(*) FROM ui_sessions WHERE username = 'olivia' AND revoked_at IS NOT NULL"), Is.EqualTo(1));
    }

    [Test]
    public async Task AdminRemovedFromTheAdminGroupInGitLab_LosesTheSessionWithinTheCheckInterval()
    {
        _host.GitLab.AddUser("bob", groups: ["support-ops/admins"]);
        using var browser = await SignedInBrowser.WithGitLabAsync(_host.Server.BaseAddress, _host.GitLab, "bob");
        Assert.That((await browser.GetAsync("/api/tokens")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        _host.GitLab.SetGroups("bob", "elsewhere");

        await Eventually.HoldsAsync(async () => (await browser.GetAsync("/api/tokens")).StatusCode == HttpStatusCode.Unauthorized,
            WithinTheCheck, "bob's session is refused once GitLab no longer has him in the admin group");
        Assert.That(await _host.Database.ScalarAsync<long>("SELECT count(*) FROM ui_sessions WHERE username = 'bob' AND revoked_at IS NULL"), Is.Zero);
    }

    [Test]
    public async Task AdminMovedToAViewerGroup_IsAViewerWithinTheCheckInterval()
    {
        _host.GitLab.AddUser("dave", groups: ["support-ops/admins"]);
        using var browser = await SignedInBrowser.WithGitLabAsync(_host.Server.BaseAddress, _host.GitLab, "dave");

        _host.GitLab.SetGroups("dave", "support-ops");

        await Eventually.HoldsAsync(async () => (await browser.GetAsync("/api/tokens")).StatusCode == HttpStatusCode.Forbidden,
            WithinTheCheck, "dave's admin role is gone");
        Assert.That((await browser.MeAsync()).Role, Is.EqualTo("viewer"));
        Assert.That((await browser.GetAsync("/api/runs")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ListedAdminWhoRenamesThemself_KeepsNoRole_AndTheNewHolderOfTheNameDoesNotGetTheirSession()
    {
        _host.GitLab.AddUser("alice");
        using var browser = await SignedInBrowser.WithGitLabAsync(_host.Server.BaseAddress, _host.GitLab, "alice");
        Assert.That((await browser.GetAsync("/api/tokens")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        _host.GitLab.Rename("alice", "alice-elsewhere");
        _host.GitLab.AddUser("alice", groups: ["unrelated"]);

        await Eventually.HoldsAsync(async () => (await browser.GetAsync("/api/tokens")).StatusCode == HttpStatusCode.Unauthorized,
            WithinTheCheck, "the session of the user (by id) now named alice-elsewhere is refused");
    }

    [Test]
    public async Task BlockedUser_LosesTheSession_AndAnExpiredGitLabTokenIsRefreshedForEveryoneElse()
    {
        var lifetime = _host.GitLab.AccessTokenLifetime;
        _host.GitLab.AccessTokenLifetime = TimeSpan.FromSeconds(1);
        try
        {
            _host.GitLab.AddUser("erin", groups: ["support-ops"]);
            _host.GitLab.AddUser("frank", groups: ["support-ops"]);
            using var erin = await SignedInBrowser.WithGitLabAsync(_host.Server.BaseAddress, _host.GitLab, "erin");
            using var frank = await SignedInBrowser.WithGitLabAsync(_host.Server.BaseAddress, _host.GitLab, "frank");
            var refreshes = _host.GitLab.Refreshes;

            _host.GitLab.Block("erin");

            await Eventually.HoldsAsync(async () => (await erin.GetAsync("/api/runs")).StatusCode == HttpStatusCode.Unauthorized,
                WithinTheCheck, "a blocked user's session ends");
            await Eventually.HoldsAsync(async () => (await frank.GetAsync("/api/runs")).StatusCode == HttpStatusCode.OK && _host.GitLab.Refreshes > refreshes + 1,
                WithinTheCheck, "frank's expired GitLab token is refreshed at the re-checks and he stays signed in");
            Assert.That((await frank.GetAsync("/api/runs")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            _host.GitLab.AccessTokenLifetime = lifetime;
        }
    }
}
