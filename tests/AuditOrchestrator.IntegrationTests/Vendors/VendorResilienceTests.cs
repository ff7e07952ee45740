using NUnit.Framework;
using System.Net;
using AuditOrchestrator.Sandbox.Hosting;
using AuditOrchestrator.Vendors.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Vendors;

public sealed class VendorResilienceTests
{
    private const string Token = "s3cret-token-value";

    private sealed class PingFake() : FakeVendorServer("Ping")
    {
        protected override void MapRoutes(WebApplication app) => app.MapGet("/ping", () => Results.Ok(new { pong = true }));

        protected override bool IsAuthorized(HttpRequest request) => request.Headers.Authorization == $"Bearer {Token}";

        protected override Task WriteRateLimitedAsync(HttpContext context, TimeSpan wait)
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }
    }

    private sealed class PingClient(HttpClient http)
    {
        public async Task<HttpStatusCode> PingAsync(CancellationToken ct)
        {
            using var response = await http.GetAsync(new Uri("/ping", UriKind.Relative), ct);
            response.EnsureSuccess("Ping");
            return response.StatusCode;
        }
    }

    private static async Task<(ServiceProvider Services, PingClient Client)> ClientForAsync(FakeVendorServer fake, int maxRetries)
    {
        var services = new ServiceCollection();
        services.Configure<VendorResilienceOptions>("Ping", o =>
        {
            o.MaxRetries = maxRetries;
            o.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxDelay = TimeSpan.FromMilliseconds(5);
        });
        services.AddHttpClient<PingClient>(c =>
        {
            c.BaseAddress = new Uri(fake.BaseUrl);
            c.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        }).AddVendorResilience("Ping");
        var provider = services.BuildServiceProvider();
        await Task.CompletedTask;
        return (provider, provider.GetRequiredService<PingClient>());
    }

    [Test]
    public async Task Send_WhenServerFailsFewerTimesThanTheBudget_Succeeds()
    {
        await using var fake = new PingFake();
        await fake.StartAsync();
        var (services, client) = await ClientForAsync(fake, maxRetries: 4);
        await using var _ = services;
        fake.Faults.FailNext(2);
        fake.Faults.RateLimitNext(2, TimeSpan.Zero);

        var status = await client.PingAsync(CancellationToken.None);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(fake.Calls.Select(c => c.StatusCode), Is.EqualTo(new[] { 503, 503, 429, 429, 200 }));
    }

    [Test]
    public async Task Send_WhenServerKeepsFailingPastTheBudget_ThrowsVendorErrorWithoutToken()
    {
        await using var fake = new PingFake();
        await fake.StartAsync();
        var (services, client) = await ClientForAsync(fake, maxRetries: 3);
        await using var _ = services;
        fake.Faults.FailNext(10, 502);

        var error = Assert.ThrowsAsync<VendorApiException>(() => client.PingAsync(CancellationToken.None));

        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(error.Message, Does.Contain("Ping").And.Contain("4 attempts").And.Not.Contain(Token));
        Assert.That(fake.Calls, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Send_WhenVendorUnreachable_ThrowsVendorErrorWithNoStatus()
    {
        var fake = new PingFake();
        await fake.StartAsync();
        var (services, client) = await ClientForAsync(fake, maxRetries: 1);
        await using var _ = services;
        await fake.DisposeAsync();

        var error = Assert.ThrowsAsync<VendorApiException>(() => client.PingAsync(CancellationToken.None));

        Assert.That(error!.Status, Is.Null);
        Assert.That(error.Message, Does.Contain("could not reach"));
    }

    [Test]
    public async Task Pacer_WhenServerAdmitsOneRequestPerInterval_SpacesRequestsSoNoneIsRefused()
    {
        await using var fake = new PingFake();
        await fake.StartAsync();
        var services = new ServiceCollection();
        services.Configure<VendorResilienceOptions>("Ping", o => o.MaxRetries = 0);
        services.AddHttpClient<PingClient>(c =>
        {
            c.BaseAddress = new Uri(fake.BaseUrl);
            c.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        }).AddVendorResilience("Ping").AddRequestPacing("Ping", _ => 200);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<PingClient>();

        // Warm up: opening connections takes longer than the spacing under test, and is not the pacer's to hide.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PingAsync(CancellationToken.None)));
        fake.ClearCalls();
        fake.LimitTo(1200); // one every 50 ms; the pacer sends one every 300 ms, a margin for a loaded machine

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PingAsync(CancellationToken.None)));

        Assert.That(fake.Calls.Select(c => c.StatusCode), Is.All.EqualTo(200));
        Assert.That(fake.Calls, Has.Count.EqualTo(6));
    }

    [Test]
    public async Task Send_WhenAnswerIsSlowerThanTheAttemptTimeout_RetriesAndSucceeds()
    {
        await using var fake = new PingFake();
        await fake.StartAsync();
        var services = new ServiceCollection();
        services.Configure<VendorResilienceOptions>("Ping", o =>
        {
            o.MaxRetries = 2;
            o.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        });
        services.AddHttpClient<PingClient>(c =>
        {
            c.BaseAddress = new Uri(fake.BaseUrl);
            c.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        }).AddVendorResilience("Ping");
        await using var provider = services.BuildServiceProvider();
        fake.Faults.SlowNext(1, TimeSpan.FromSeconds(5));

        var status = await provider.GetRequiredService<PingClient>().PingAsync(CancellationToken.None);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Fake_WhenTokenIsWrong_Answers401AndRecordsTheCallWithoutTheToken()
    {
        await using var fake = new PingFake();
        await fake.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(fake.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");

        using var response = await http.PostAsync(new Uri("/ping", UriKind.Relative), new StringContent("{\"a\":1}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var call = fake.Calls.Single();
        Assert.That((call.Method, call.PathAndQuery, call.Body, call.Authorized, call.IsWrite), Is.EqualTo(("POST", "/ping", "{\"a\":1}", false, true)));
        Assert.That(call.Headers.Keys, Does.Not.Contain("Authorization"));
    }

    [Test]
    public async Task Send_When429AsksForALongerWaitThanAllowed_GivesUpAtOnce()
    {
        await using var fake = new PingFake();
        await fake.StartAsync();
        var (services, client) = await ClientForAsync(fake, maxRetries: 5);
        await using var _ = services;
        fake.Faults.RateLimitNext(1, TimeSpan.FromMinutes(10));

        var error = Assert.ThrowsAsync<VendorApiException>(() => client.PingAsync(CancellationToken.None));

        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(error.Message, Does.Contain("still rate limited after 1 attempts"));
        Assert.That(fake.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Send_When429SaysWaitAMinute_WaitsThatMinuteOnTheInjectedClock()
    {
        await using var fake = new PingFake();
        await fake.StartAsync();
        var clock = new ScaledTime(speed: 200);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.Configure<VendorResilienceOptions>("Ping", o => o.MaxRetries = 2);
        services.AddHttpClient<PingClient>(c =>
        {
            c.BaseAddress = new Uri(fake.BaseUrl);
            c.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        }).AddVendorResilience("Ping");
        await using var provider = services.BuildServiceProvider();
        fake.Faults.RateLimitNext(1, TimeSpan.FromSeconds(60));

        var status = await provider.GetRequiredService<PingClient>().PingAsync(CancellationToken.None);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(clock.Timers, Does.Contain(TimeSpan.FromSeconds(60)));
        Assert.That(fake.Calls.Select(c => c.StatusCode), Is.EqualTo(new[] { 429, 200 }));
    }
}
