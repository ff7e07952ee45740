using System.Globalization;

namespace AuditOrchestrator.Integrations.Http;

/// <summary>How long a vendor asks us to wait after a 429, read from its headers. Null when it does not say.</summary>
public static class RateLimitHeaders
{
    /// <summary>The standard <c>Retry-After</c>: delta seconds or an HTTP date (Calendly, Zendesk, GitLab, Slack).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>PagerDuty's <c>ratelimit-reset</c> (seconds until the window resets), falling back to Retry-After.</summary>
    public static TimeSpan? PagerDutyReset(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.TryGetValues("ratelimit-reset", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return RetryAfter(response, time);
    }
}
