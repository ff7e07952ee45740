using Microsoft.AspNetCore.Http;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditOrchestrator.Sandbox.Hosting;

/// <summary>
/// Base of every simulated vendor: a real Kestrel server on 127.0.0.1 (a free port), which records every call,
/// checks the expected token, and can be told to fail, rate-limit or slow down like the real API.
/// Subclasses map the vendor's routes and say how the vendor writes its auth check and 429 headers.
/// </summary>
public abstract class FakeVendorServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedCall> calls = new();
    private readonly List<Action<WebApplication>> extraRoutes = [];
    private WebApplication? app;

    protected FakeVendorServer(string vendor, TimeProvider? time = null)
    {
        Vendor = vendor;
        Time = time ?? TimeProvider.System;
    }

    public string Vendor { get; }

    public TimeProvider Time { get; }

    /// <summary>The API root, e.g. http://127.0.0.1:41234 (no trailing slash). Valid after <see cref="StartAsync"/>.</summary>
    public string BaseUrl { get; private set; } = "";

    public FaultSwitches Faults { get; } = new();

    /// <summary>When set, the server answers 429 to a request it does not admit, with the time until it would.</summary>
    private Func<TimeSpan?>? limiter;

    public IReadOnlyList<RecordedCall> Calls => [.. calls];

    public void ClearCalls() => calls.Clear();

    /// <summary>Admits one request every 60/N seconds with no burst: stricter than any vendor, for tests of the pacing.</summary>
    public void LimitTo(double requestsPerMinute) => limiter = new TokenBucketLimiter(requestsPerMinute, Time).TryAdmit;

    /// <summary>Admits <paramref name="perWindow"/> requests in each fixed window, as a vendor documenting "N a minute" counts them.</summary>
    public void LimitTo(int perWindow, TimeSpan window)
    {
        var counted = new FixedWindowLimiter(perWindow, window, Time);
        limiter = () => counted.TryAdmit("");
    }

    public void RemoveLimit() => limiter = null;

    /// <summary>Request headers worth keeping in the call record (never Authorization).</summary>
    protected virtual IReadOnlyCollection<string> RecordedHeaders { get; } = ["Accept", "Content-Type", "User-Agent"];

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        ConfigureBuilder(builder);
        app = builder.Build();
        app.Use(HandleAsync);
        MapRoutes(app);
        foreach (var routes in extraRoutes)
        {
            routes(app);
        }

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/');
    }

    /// <summary>
    /// More endpoints of the same vendor, mapped beside its own when the server starts (behind the same auth, faults
    /// and limiter): a feature of the vendor's API simulated in its own folder. Call before <see cref="StartAsync"/>.
    /// </summary>
    public void MapAlso(Action<WebApplication> routes) => extraRoutes.Add(routes);

    /// <summary>Map the vendor's endpoints (already behind auth, faults and the limiter).</summary>
    protected abstract void MapRoutes(WebApplication app);

    /// <summary>Whether the request carries the token this fake expects, in the vendor's scheme.</summary>
    protected abstract bool IsAuthorized(HttpRequest request);

    /// <summary>Write the vendor's 429 headers and body for a wait of <paramref name="wait"/>.</summary>
    protected abstract Task WriteRateLimitedAsync(HttpContext context, TimeSpan wait);

    /// <summary>
    /// Add services a fake needs before the app is built. The builder is the slim one: a fake that wants regex
    /// route constraints registers them here.
    /// </summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder)
    {
    }

    protected virtual Task WriteUnauthorizedAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return context.Response.WriteAsJsonAsync(new { error = "unauthorized" });
    }

    protected virtual Task WriteFaultAsync(HttpContext context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = "simulated fault" });
    }

    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(request.Body, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        request.Body.Position = 0;
        var authorized = IsAuthorized(request);
        try
        {
            // A rejected token is answered before any fault, so a switched-on fault waits for an authorised request.
            if (!authorized)
            {
                await WriteUnauthorizedAsync(context);
                return;
            }

            var (failStatus, rateLimitWait, delay) = Faults.Take();
            if (delay is { } d)
            {
                await Task.Delay(d, Time, context.RequestAborted);
            }

            if (failStatus is { } status)
            {
                await WriteFaultAsync(context, status);
            }
            else if (rateLimitWait is { } wait)
            {
                await WriteRateLimitedAsync(context, wait);
            }
            else if (limiter?.Invoke() is { } limitWait)
            {
                await WriteRateLimitedAsync(context, limitWait);
            }
            else if (Faults.TakeAfterApplying(request.Method, request.Path.Value ?? "") is { } lostStatus)
            {
                await ApplyThenFailAsync(context, next, lostStatus);
            }
            else
            {
                await next(context);
            }
        }
        finally
        {
            var headers = RecordedHeaders
                .Where(h => request.Headers.ContainsKey(h))
                .ToDictionary(h => h, h => request.Headers[h].ToString(), StringComparer.OrdinalIgnoreCase);
            calls.Enqueue(new RecordedCall(request.Method, request.Path + request.QueryString, headers, body,
                context.Response.StatusCode, authorized, Time.GetUtcNow()));
        }
    }

    /// <summary>Carries the request out, throws its answer away and answers <paramref name="status"/> instead.</summary>
    private async Task ApplyThenFailAsync(HttpContext context, RequestDelegate next, int status)
    {
        var original = context.Response.Body;
        await using (var discarded = new MemoryStream())
        {
            context.Response.Body = discarded;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
        }

        context.Response.Clear();
        await WriteFaultAsync(context, status);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }

        GC.SuppressFinalize(this);
    }
}
