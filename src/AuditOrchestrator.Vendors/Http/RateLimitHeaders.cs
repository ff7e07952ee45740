using System.Globalization;

namespace AuditOrchestrator.Vendors.Http;

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

    /// <summary>Calendly's <c>X-RateLimit-Reset</c> (seconds until the window resets), falling back to Retry-After.</summary>
    public static TimeSpan? CalendlyReset(HttpResponseMessage response, TimeProvider time) =>
        Seconds(response, "X-RateLimit-Reset", time) ?? RetryAfter(response, time);

    /// <summary>PagerDuty's <c>ratelimit-reset</c> (seconds until the window resets), falling back to Retry-After.</summary>
    public static TimeSpan? PagerDutyReset(HttpResponseMessage response, TimeProvider time) =>
        Seconds(response, "ratelimit-reset", time) ?? RetryAfter(response, time);

    /// <summary>GitLab after a 429: its <c>Retry-After</c>, else until <c>RateLimit-Reset</c> (a Unix time).</summary>
    public static TimeSpan? GitLabReset(HttpResponseMessage response, TimeProvider time) =>
        RetryAfter(response, time) ?? Seconds(response, "RateLimit-Reset", time);

    /// <summary>
    /// How long GitLab asks every client of the token to hold back after this answer: a 429's wait, or, when
    /// <c>RateLimit-Remaining</c> is 0, until <c>RateLimit-Reset</c>. Null when it asks nothing.
    /// </summary>
    public static TimeSpan? GitLabPause(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            return GitLabReset(response, time);
        }

        return response.Headers.TryGetValues("RateLimit-Remaining", out var remaining) && remaining.FirstOrDefault()?.Trim() == "0"
            ? Seconds(response, "RateLimit-Reset", time) ?? RetryAfter(response, time)
            : null;
    }

    /// <summary>Seconds to wait; a value that can only be a Unix time (after 2001) is read as the moment of the reset.</summary>
    private static TimeSpan? Seconds(HttpResponseMessage response, string header, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        if (!response.Headers.TryGetValues(header, out var values)
            || !double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0)
        {
            return null;
        }

        if (seconds < 1_000_000_000)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var wait = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) - time.GetUtcNow();
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
