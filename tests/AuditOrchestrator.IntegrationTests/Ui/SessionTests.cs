using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Ui;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>The cookie session as a browser uses it, over real HTTP to the Kestrel host.</summary>
public sealed class SessionTests
{
    private TestDatabase _database = null!;
    private ServiceFactory _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _server = UiHost.Start(_database, UiHost.Settings(
            ("GitLab:BaseUrl", "https://gitlab.example.com"),
            ("GitLab:OAuth:ClientId", "client-id"),
            ("GitLab:OAuth:ClientSecret", "client-secret")));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task CrossSiteFormPost_WithTheSessionCookie_IsRefused_WhileTheAppsOwnRequestIsAccepted()
    {
        using var browser = await SignedInDemoAdminAsync();
        var (client, antiforgery) = browser.Value;

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "planted", ["role"] = "admin" });
        var crossSite = await client.PostAsync(new Uri("/api/tokens", UriKind.Relative), form);
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = "from-the-ui", role = "viewer" }) };
        own.Headers.Add("X-XSRF-TOKEN", antiforgery);
        var accepted = await client.SendAsync(own);

        Assert.That(crossSite.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var admin = _server.Api();
        var names = (await admin.GetAsync<List<TokensApi.TokenView>>("/api/tokens")).Select(t => t.Name).ToList();
        Assert.That(names, Does.Contain("from-the-ui").And.Not.Contain("planted"));
    }

    [Test]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var browser = await SignedInDemoAdminAsync();
        var (client, _) = browser.Value;

        var response = await client.PostAsync(new Uri("/auth/logout", UriKind.Relative), null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await client.GetAsync<AdminUiEndpoints.SessionView>("/auth/me")).Authenticated, Is.True);
    }

    [Test]
    public async Task ApiCall_WithoutCredentials_Is401_NeverARedirectToSignIn()
    {
        using var client = _server.Api(bearerToken: null);

        var response = await client.GetAsync(new Uri("/api/definitions", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Location, Is.Null);
    }

    [Test]
    public async Task DemoAdminSession_ReadsTheApiWithTheAdminRole()
    {
        using var browser = await SignedInDemoAdminAsync();
        var (client, _) = browser.Value;

        var me = await client.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");
        var tokens = await client.GetAsync(new Uri("/api/tokens", UriKind.Relative));

        Assert.That(me.Role, Is.EqualTo("admin"));
        Assert.That(me.Demo, Is.True);
        Assert.That(tokens.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task GitLabSignIn_BehindAReverseProxy_AsksGitLabToReturnToThePublicAddress()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = _server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/login/gitlab");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "audits.example.com");

        var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var location = response.Headers.Location!.ToString();
        Assert.That(location, Does.StartWith("https://gitlab.example.com/oauth/authorize?"));
        Assert.That(location, Does.Contain("redirect_uri=" + Uri.EscapeDataString("https://audits.example.com/auth/callback/gitlab")));
        Assert.That(location, Does.Contain("code_challenge_method=S256"));
    }

    [Test]
    public async Task HostRoot_ServesTheAdminApp_AndUnknownApiPathsStay404()
    {
        using var client = _server.Api(bearerToken: null);

        var root = await client.GetAsync(new Uri("/designer", UriKind.Relative));
        var unknownApi = await client.GetAsync(new Uri("/auth/nothing-here", UriKind.Relative));

        Assert.That(root.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await root.Content.ReadAsStringAsync(), Does.Contain("<div id=\"root\">"));
        Assert.That(root.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'"));
        Assert.That(unknownApi.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task SessionFromOneNode_IsHonouredByAnotherNodeOnTheSameDatabase()
    {
        await using var otherNode = UiHost.Start(_database, UiHost.Settings(
            ("GitLab:BaseUrl", "https://gitlab.example.com"),
            ("GitLab:OAuth:ClientId", "client-id"),
            ("GitLab:OAuth:ClientSecret", "client-secret")));
        using var browser = await SignedInDemoAdminAsync();
        var (client, antiforgery) = browser.Value;
        var cookies = new CookieContainer();
        foreach (var cookie in CookiesOf(client))
        {
            cookies.Add(otherNode.BaseAddress, new Cookie(cookie.Name, cookie.Value));
        }
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var onOtherNode = new HttpClient(handler) { BaseAddress = otherNode.BaseAddress };

        var me = await onOtherNode.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");
        using var write = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = "via-other-node", role = "viewer" }) };
        write.Headers.Add("X-XSRF-TOKEN", antiforgery);
        var created = await onOtherNode.SendAsync(write);

        Assert.That(me.Authenticated, Is.True, "the other node reads the session cookie");
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), "and accepts the first node's antiforgery token");
        // On one machine both nodes could also share a key folder; across machines only the database is shared.
        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys"), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task DemoSignIn_FromABrowserOnAnotherMachine_BehindALocalProxy_IsNeitherOfferedNorGiven()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = _server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var me = await client.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/auth/demo");
        signIn.Headers.Add("X-XSRF-TOKEN", me.AntiforgeryToken);

        var response = await client.SendAsync(signIn);
        var after = await client.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");

        Assert.That(me.DemoSignIn, Is.False);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(after.Authenticated, Is.False);
    }

    [Test]
    public async Task DataProtectionKeys_AreStoredEncrypted_AndANodeWithAnotherKeyCannotReadTheSession()
    {
        using var browser = await SignedInDemoAdminAsync();
        var (client, _) = browser.Value;
        await using var otherKey = UiHost.Start(_database, UiHost.Settings(("Auth:DataProtectionKey", "another-data-protection-key-0123456789abcdef")));
        var cookies = new CookieContainer();
        foreach (var cookie in CookiesOf(client))
        {
            cookies.Add(otherKey.BaseAddress, new Cookie(cookie.Name, cookie.Value));
        }
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var onOtherNode = new HttpClient(handler) { BaseAddress = otherKey.BaseAddress };

        var stored = await _database.ScalarAsync<string>("SELECT string_agg(xml, '') FROM data_protection_keys");
        var me = await onOtherNode.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");

        Assert.That(stored, Does.Contain("encryptedSecret").And.Not.Contain("masterKey"));
        Assert.That(me.Authenticated, Is.False);
    }

    private readonly Dictionary<HttpClient, CookieContainer> _jars = [];

    private IEnumerable<Cookie> CookiesOf(HttpClient client) => _jars[client].GetAllCookies();

    private async Task<Disposable<(HttpClient Client, string Antiforgery)>> SignedInDemoAdminAsync()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = _server.BaseAddress };
        _jars[client] = handler.CookieContainer;
        var anonymous = await client.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");
        Assert.That(anonymous.DemoSignIn, Is.True);
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/auth/demo");
        signIn.Headers.Add("X-XSRF-TOKEN", anonymous.AntiforgeryToken);
        Assert.That((await client.SendAsync(signIn)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var me = await client.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");
        return new Disposable<(HttpClient, string)>((client, me.AntiforgeryToken!), client);
    }

    private sealed class Disposable<T>(T value, IDisposable owner) : IDisposable
    {
        public T Value { get; } = value;
        public void Dispose() => owner.Dispose();
    }
}

public sealed class OutsideTheSandboxAndDevelopmentTests
{
    [Test]
    public async Task DemoSignIn_OutsideTheSandboxAndDevelopment_IsNeitherOfferedNorAccepted()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var service = new ServiceFactory(database, UiHost.Settings(("Sandbox:Enabled", "false"), ("environment", "Production")));
        using var client = service.CreateClient();

        var me = await client.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/demo");
        request.Headers.Add("X-XSRF-TOKEN", me.AntiforgeryToken);
        var response = await client.SendAsync(request);

        Assert.That(me.DemoSignIn, Is.False);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task TestRun_OutsideTheSandboxAndDevelopment_IsNeitherOfferedNorAccepted()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var service = new ServiceFactory(database, UiHost.Settings(("Sandbox:Enabled", "false"), ("environment", "Production")));
        using var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);

        var me = await client.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");
        var response = await client.PostAsync("/api/definitions/anything/versions/1/test-run", null);

        Assert.That(me.TestRuns, Is.False);
        Assert.That(me.TestRunRefusal, Does.Contain("only where the vendors are simulated"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var refusal = await response.Content.ReadAsync<ProblemDetails>();
        Assert.That(refusal.Detail, Is.EqualTo(me.TestRunRefusal));
    }
}
