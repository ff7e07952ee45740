using System.Net;
using AuditOrchestrator.Engine.Clock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AuditOrchestrator.Vendors.Http;

/// <summary>How long a vendor asks us to wait after a 429, or null when its answer does not say.</summary>
public delegate TimeSpan? RateLimitWait(HttpResponseMessage response, TimeProvider time);

/// <summary>
/// The one retry policy every vendor client shares: exponential backoff with jitter on 5xx, timeouts and
/// connection errors; on 429 the wait the vendor names; a bounded number of retries, then <see cref="VendorApiException"/>.
/// A request that creates something (POST, PATCH) is retried only when it surely was not applied: a 429, or a
/// connection that failed before the request went out. After a 5xx or a timeout the vendor may have applied it, so
/// the call fails and the caller's own retry, which looks for its idempotency marker first, decides.
/// </summary>
public static class VendorResilience
{
    /// <summary>Set per request by <see cref="VendorResilienceHandler"/>: whether repeating the request is harmless.</summary>
    public static readonly ResiliencePropertyKey<bool> RepeatableRequest = new("AuditOrchestrator.RepeatableRequest");

    /// <summary>
    /// Puts the shared retry policy in front of a typed client. Options are the named
    /// <see cref="VendorResilienceOptions"/> of <paramref name="vendor"/> (configure them with
    /// <c>services.Configure&lt;VendorResilienceOptions&gt;(vendor, …)</c>); the clock is the registered TimeProvider.
    /// </summary>
    public static IHttpClientBuilder AddVendorResilience(this IHttpClientBuilder builder, string vendor, RateLimitWait? waitAfter429 = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<VendorResilienceOptions>(vendor);
        // Attempts have their own timeout; the HttpClient's must not cut the whole retry sequence short.
        builder.ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        return builder.AddHttpMessageHandler(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<VendorResilienceOptions>>().Get(vendor);
            var time = VendorTime(sp);
            return new VendorResilienceHandler(vendor, options, CreatePipeline(options, waitAfter429 ?? RateLimitHeaders.RetryAfter, time));
        });
    }

    /// <summary>
    /// The clock vendor calls wait on: attempt timeouts, backoff, 429 waits and request budgets are the vendor's real
    /// seconds, so a sped-up service clock (<c>Clock__Speed</c>) gives way to the real one underneath; any other
    /// registered clock (a test's) is used as it is.
    /// </summary>
    public static TimeProvider VendorTime(IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        return time is ServiceClock { IsScaled: true } scaled ? scaled.Real : time;
    }

    /// <summary>
    /// Spaces every request of a client at least 60/<paramref name="requestsPerMinute"/> seconds apart (no burst); with
    /// <paramref name="shared"/>, across every node; with <paramref name="pauseAfter"/>, an answer asking for a pause
    /// (Retry-After, an exhausted RateLimit-Remaining) holds the client back that long.
    /// </summary>
    public static IHttpClientBuilder AddRequestPacing(this IHttpClientBuilder builder, string vendor, Func<IServiceProvider, double> requestsPerMinute,
        Func<IServiceProvider, SharedRequestBudget?>? shared = null, RateLimitWait? pauseAfter = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddKeyedSingleton(vendor, (sp, _) =>
            new RequestPacer(requestsPerMinute(sp), VendorTime(sp), shared?.Invoke(sp)));
        return builder.AddHttpMessageHandler(sp => new RequestPacingHandler(sp.GetRequiredKeyedService<RequestPacer>(vendor), pauseAfter));
    }

    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(VendorResilienceOptions options, RateLimitWait waitAfter429, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(waitAfter429);
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(
                args.Outcome, args.Context.Properties.GetValue(RepeatableRequest, true), options, waitAfter429, time)),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response
                    ? waitAfter429(response, time) ?? options.DefaultRateLimitWait
                    : (TimeSpan?)null),
        };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(retry);
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    internal static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>Marks a POST that changes nothing when repeated (Slack's conversations.open), so 5xx are retried as for a GET.</summary>
    public static readonly HttpRequestOptionsKey<bool> SafeToRepeat = new("AuditOrchestrator.SafeToRepeat");

    /// <summary>
    /// GET, HEAD, PUT, DELETE, OPTIONS: the same request twice leaves the vendor as once (RFC 9110 §9.2.2); other
    /// methods only when the client marked the request <see cref="SafeToRepeat"/>.
    /// </summary>
    public static bool IsRepeatable(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put
            || method == HttpMethod.Delete || method == HttpMethod.Options
            || (request.Options.TryGetValue(SafeToRepeat, out var safe) && safe);
    }

    /// <summary>Whether the request surely never reached the vendor: the connection itself could not be made.</summary>
    internal static bool FailedBeforeSending(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private static bool ShouldRetry(
        Outcome<HttpResponseMessage> outcome, bool repeatable, VendorResilienceOptions options, RateLimitWait waitAfter429, TimeProvider time)
    {
        switch (outcome.Exception)
        {
            case HttpRequestException e:
                return repeatable || FailedBeforeSending(e);
            case TimeoutRejectedException:
                return repeatable;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var wait = waitAfter429(response, time) ?? options.DefaultRateLimitWait;
            return wait <= options.MaxRateLimitWait;
        }

        return repeatable && IsTransient(response.StatusCode);
    }
}
