using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Engine.Clock;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Ui;
using AuditOrchestrator.Sandbox.GitLab.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Exposure;

/// <summary>
/// Sign-in sessions live in real time: on a service clock running 4,320 times faster (the sandbox's), a session is
/// not signed out when the service clock moves on by days, and the session cookie is Secure whenever the request was https.
/// </summary>
public sealed class SessionClockTests
{
    private TestDatabase _database = null!;
    private FakeGitLabOAuth _gitLab = null!;
    private ServiceFactory _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _gitLab = new FakeGitLabOAuth();
        await _gitLab.StartAsync();
        var (clientId, clientSecret) = _gitLab.AddApplication("AuditOrchestrator");
        _gitLab.AddUser("alice");
        _server = UiHost.Start(_database, UiHost.Settings(
            ("Clock:Speed", "4320"),
            ("GitLab:BaseUrl", _gitLab.BaseUrl),
            ("GitLab:OAuth:ClientId", clientId),
            ("GitLab:OAuth:ClientSecret", clientSecret),
            ("Auth:Roles:Admins:0", "alice")));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        await _gitLab.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Sessions_OnAFastServiceClock_StayValidWhenTheServiceClockMovesOnByDays()
    {
        using var demo = await SignedInBrowser.AsDemoAdminAsync(_server.BaseAddress);
        using var alice = await SignedInBrowser.WithGitLabAsync(_server.BaseAddress, _gitLab, "alice");
        using var api = _server.Api();
        var before = (await api.GetFromJsonAsync<JsonElement>("/api/clock")).GetProperty("now").GetDateTimeOffset();

        var clock = _server.Services.GetRequiredService<ServiceClock>();
        clock.SetEpoch(clock.RealStart, clock.SimulatedStart + TimeSpan.FromDays(3));
        var after = (await api.GetFromJsonAsync<JsonElement>("/api/clock")).GetProperty("now").GetDateTimeOffset();

        Assert.That(after - before, Is.GreaterThan(TimeSpan.FromDays(3)), "the service clock moved on by days");
        Assert.That((await demo.GetAsync("/api/tokens")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await demo.MeAsync()).GetProperty("authenticated").GetBoolean(), Is.True);
        Assert.That((await alice.GetAsync("/api/tokens")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await alice.PostAsync("/api/tokens", new { name = "after-three-days", role = "viewer" })).StatusCode, Is.EqualTo(HttpStatusCode.Created),
            "the antiforgery token is still accepted too");
    }

    [Test]
    public async Task SessionCookie_IsSecure_WhenTheRequestWasHttpsBehindTheProxy_AndOnlyThen()
    {
        using var overHttps = await SignedInBrowser.AsDemoAdminAsync(_server.BaseAddress, [("X-Forwarded-Proto", "https")]);
        using var overHttp = await SignedInBrowser.AsDemoAdminAsync(_server.BaseAddress);

        var secure = overHttps.LastSignIn!.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ao_session=", StringComparison.Ordinal));
        var plain = overHttp.LastSignIn!.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ao_session=", StringComparison.Ordinal));

        Assert.That(secure, Does.Contain("secure").IgnoreCase.And.Contain("httponly").IgnoreCase);
        Assert.That(plain, Does.Not.Contain("secure").IgnoreCase, "a plain-http sandbox on loopback still signs in");
    }
}
