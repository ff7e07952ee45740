using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using AuditOrchestrator.Api.Ui;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab.OAuth;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// A browser without a screen: a cookie jar that signs in through the real OAuth round trip (the service, the
/// simulated GitLab's authorize form, the callback) or as the demo admin, and sends the antiforgery header on writes.
/// </summary>
public sealed class SignedInBrowser : IDisposable
{
    private SignedInBrowser(Uri server)
    {
        Jar = new CookieContainer();
        Handler = new HttpClientHandler { CookieContainer = Jar, AllowAutoRedirect = false };
        Client = new HttpClient(Handler) { BaseAddress = server };
    }

    public CookieContainer Jar { get; }
    public HttpClientHandler Handler { get; }
    public HttpClient Client { get; }
    public string Antiforgery { get; private set; } = "";

    /// <summary>The session cookie's value: what a thief would copy.</summary>
    public string SessionCookie => Jar.GetCookies(Client.BaseAddress!)["ao_session"]?.Value ?? throw new InvalidOperationException("No session cookie.");

    public static async Task<SignedInBrowser> WithGitLabAsync(Uri server, FakeGitLabOAuth gitLab, string username)
    {
        var browser = new SignedInBrowser(server);
        var login = await browser.Client.GetAsync(new Uri("/auth/login/gitlab", UriKind.Relative));
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in goes to GitLab");
        var query = HttpUtility.ParseQueryString(login.Headers.Location!.Query);
        var form = new Dictionary<string, string> { ["username"] = username };
        foreach (var name in new[] { "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method" })
        {
            form[name] = query[name] ?? "";
        }
        using var approve = new FormUrlEncodedContent(form);
        var approved = await browser.Client.PostAsync(new Uri(new Uri(gitLab.BaseUrl), "/oauth/authorize"), approve);
        var callback = await browser.Client.GetAsync(approved.Headers.Location!);
        Assert.That(callback.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "GitLab's callback signs in");
        await browser.ReadAntiforgeryAsync();
        return browser;
    }

    public static async Task<SignedInBrowser> AsDemoAdminAsync(Uri server, IEnumerable<(string Header, string Value)>? headers = null)
    {
        var browser = new SignedInBrowser(server);
        await browser.ReadAntiforgeryAsync();
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/auth/demo");
        signIn.Headers.Add("X-XSRF-TOKEN", browser.Antiforgery);
        foreach (var (header, value) in headers ?? [])
        {
            signIn.Headers.Add(header, value);
        }
        browser.LastSignIn = await browser.Client.SendAsync(signIn);
        Assert.That(browser.LastSignIn.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await browser.ReadAntiforgeryAsync();
        return browser;
    }

    /// <summary>The answer to the demo sign-in (its Set-Cookie headers).</summary>
    public HttpResponseMessage? LastSignIn { get; private set; }

    public Task<AdminUiEndpoints.SessionView> MeAsync() => Client.GetAsync<AdminUiEndpoints.SessionView>("/auth/me");

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(new Uri(path, UriKind.Relative));

    public async Task<HttpResponseMessage> PostAsync(string path, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-XSRF-TOKEN", Antiforgery);
        return await Client.SendAsync(request);
    }

    /// <summary>Another browser that has only a copy of this one's session cookie.</summary>
    public HttpClient ReplayingTheCookie(string sessionCookie)
    {
        var jar = new CookieContainer();
        jar.Add(Client.BaseAddress!, new Cookie("ao_session", sessionCookie));
        return new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = Client.BaseAddress };
    }

    private async Task ReadAntiforgeryAsync() => Antiforgery = (await MeAsync()).AntiforgeryToken;

    public void Dispose()
    {
        Client.Dispose();
        Handler.Dispose();
        LastSignIn?.Dispose();
    }
}
