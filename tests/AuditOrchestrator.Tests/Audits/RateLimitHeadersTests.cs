using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Tests.Audits;

public sealed class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private static readonly FakeTimeProvider Clock = new(Now);

    private static HttpResponseMessage TooMany() => new(HttpStatusCode.TooManyRequests);

    [Test]
    public void RetryAfter_InSeconds_IsThatWait()
    {
        using var response = TooMany();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        Assert.That(RateLimitHeaders.RetryAfter(response, Clock), Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void RetryAfter_AsHttpDate_IsTheTimeUntilThen()
    {
        using var response = TooMany();
        response.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(30).ToString("R"));

        Assert.That(RateLimitHeaders.RetryAfter(response, Clock), Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void RetryAfter_AsDateInThePast_IsNoWait()
    {
        using var response = TooMany();
        response.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(-30).ToString("R"));

        Assert.That(RateLimitHeaders.RetryAfter(response, Clock), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void PagerDutyReset_ReadsRatelimitResetSeconds()
    {
        using var response = TooMany();
        response.Headers.TryAddWithoutValidation("ratelimit-reset", "12");

        Assert.That(RateLimitHeaders.PagerDutyReset(response, Clock), Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public void CalendlyReset_AsUnixTime_IsTheTimeUntilThen()
    {
        using var response = TooMany();
        response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", Now.AddSeconds(20).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(RateLimitHeaders.CalendlyReset(response, Clock), Is.EqualTo(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void Headers_WhenAbsent_SayNothing()
    {
        using var response = TooMany();

        Assert.That(RateLimitHeaders.PagerDutyReset(response, Clock), Is.Null);
    }
}
