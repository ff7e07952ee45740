using System.Net;
using AuditOrchestrator.Engine.Clock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AuditOrchestrator.Integrations.Http;

/// <summary>How long a vendor asks us to wait after a 429, or null when its answer does not say.</summary>
public delegate TimeSpan? RateLimitWait(HttpResponseMessage response, TimeProvider time);

/// <summary>
/// The one retry policy every vendor client shares: exponential backoff with jitter on 5xx, timeouts and
/// connection errors; on 429 the wait the vendor names; a bounded number of retries, then <see cref="VendorApiException"/>.
/// </summary>
public static class VendorResilience
{
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
            var time = OperationalTime(sp);
            return new VendorResilienceHandler(vendor, options, CreatePipeline(options, waitAfter429 ?? RateLimitHeaders.RetryAfter, time));
        });
    }

    /// <summary>Spaces every request of a client at least 60/<paramref name="requestsPerMinute"/> seconds apart (no burst).</summary>
    public static IHttpClientBuilder AddRequestPacing(this IHttpClientBuilder builder, string vendor, Func<IServiceProvider, double> requestsPerMinute)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddKeyedSingleton(vendor, (sp, _) =>
            new RequestPacer(requestsPerMinute(sp), OperationalTime(sp)));
        return builder.AddHttpMessageHandler(sp => new RequestPacingHandler(sp.GetRequiredKeyedService<RequestPacer>(vendor)));
    }

    /// <summary>
    /// The registered clock, except that a sped-up service clock gives way to the real one under it: vendor timeouts,
    /// backoff and pacing are operational (real) time, so a fast clock neither cuts requests short nor hammers a vendor.
    /// </summary>
    private static TimeProvider OperationalTime(IServiceProvider services) =>
        services.GetRequiredService<TimeProvider>() is ServiceClock { IsScaled: true } scaled ? scaled.Real : services.GetRequiredService<TimeProvider>();

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
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options, waitAfter429, time)),
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

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, VendorResilienceOptions options, RateLimitWait waitAfter429, TimeProvider time)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException)
        {
            return true;
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

        return IsTransient(response.StatusCode);
    }
}
