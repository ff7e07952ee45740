using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Api.Clock;
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
    private GitLabSignInHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await GitLabSignInHost.StartAsync(
            ("Clock:Speed", "4320"),
            ("Auth:Roles:Admins:0", "alice"));
        _host.GitLab.AddUser("alice");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Sessions_OnAFastServiceClock_StayValidWhenTheServiceClockMovesOnByDays()
    {
        using var demo = await SignedInBrowser.AsDemoAdminAsync(_host.Server.BaseAddress);
        using var alice = await SignedInBrowser.WithGitLabAsync(_host.Server.BaseAddress, _host.GitLab, "alice");
        using var api = _host.Server.Api();
        var before = (await api.GetAsync<ClockApi.ClockView>("/api/clock")).Now;

        var clock = _host.Server.Services.GetRequiredService<ServiceClock>();
        clock.SetEpoch(clock.RealStart, clock.SimulatedStart + TimeSpan.FromDays(3));
        var after = (await api.GetAsync<ClockApi.ClockView>("/api/clock")).Now;

        Assert.That(after - before, Is.GreaterThan(TimeSpan.FromDays(3)), "the service clock moved on by days");
        Assert.That((await demo.GetAsync("/api/tokens")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await demo.MeAsync()).Authenticated, Is.True);
        Assert.That((await alice.GetAsync("/api/tokens")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await alice.PostAsync("/api/tokens", new { name = "after-three-days", role = "viewer" })).StatusCode, Is.EqualTo(HttpStatusCode.Created),
            "the antiforgery token is still accepted too");
    }

    [Test]
    public async Task SessionCookie_IsSecure_WhenTheRequestWasHttpsBehindTheProxy_AndOnlyThen()
    {
        using var overHttps = await SignedInBrowser.AsDemoAdminAsync(_host.Server.BaseAddress, [("X-Forwarded-Proto", "https")]);
        using var overHttp = await SignedInBrowser.AsDemoAdminAsync(_host.Server.BaseAddress);

        var secure = overHttps.LastSignIn!.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ao_session=", StringComparison.Ordinal));
        var plain = overHttp.LastSignIn!.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ao_session=", StringComparison.Ordinal));

        Assert.That(secure, Does.Contain("secure").IgnoreCase.And.Contain("httponly").IgnoreCase);
        Assert.That(plain, Does.Not.Contain("secure").IgnoreCase, "a plain-http sandbox on loopback still signs in");
    }
}
