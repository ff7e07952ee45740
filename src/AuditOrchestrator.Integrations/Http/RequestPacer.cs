using System.Net;

namespace AuditOrchestrator.Integrations.Http;

/// <summary>
/// A client-side request budget: hands out send slots at least 60/N seconds apart, so a client stays under the
/// vendor's per-minute limit instead of bursting into 429s. Each refusal the vendor still answers widens the spacing a
/// little (up to <see cref="MaxWidening"/>): a refusal costs a whole second of <c>ratelimit-reset</c>, far more than
/// the few milliseconds of margin that absorb the jitter between our sends and the vendor's arrivals.
/// </summary>
public sealed class RequestPacer
{
    public const double WideningPerRefusal = 1.005;
    public const double MaxWidening = 1.10;

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly TimeSpan configuredInterval;
    private DateTimeOffset nextSlot = DateTimeOffset.MinValue;

    public RequestPacer(double requestsPerMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerMinute);
        configuredInterval = TimeSpan.FromMinutes(1 / requestsPerMinute);
        Interval = configuredInterval;
        this.time = time;
    }

    public TimeSpan Interval { get; private set; }

    /// <summary>The vendor refused a paced request (429): its arrivals came closer than our sends.</summary>
    public void Refused()
    {
        lock (gate)
        {
            Interval = TimeSpan.FromTicks((long)Math.Min(Interval.Ticks * WideningPerRefusal, configuredInterval.Ticks * MaxWidening));
        }
    }

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (gate)
        {
            var now = time.GetUtcNow();
            var slot = nextSlot > now ? nextSlot : now;
            nextSlot = slot + Interval;
            wait = slot - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        // A timer that fired late pushes the next slot back as well: the vendor counts arrivals, not our schedule,
        // so a late send followed by an on-time one would arrive closer than the interval and be refused.
        lock (gate)
        {
            var sent = time.GetUtcNow() + Interval;
            if (sent > nextSlot)
            {
                nextSlot = sent;
            }
        }
    }
}

/// <summary>Waits for a <see cref="RequestPacer"/> slot before every attempt (retries included).</summary>
public sealed class RequestPacingHandler(RequestPacer pacer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            pacer.Refused();
        }
        return response;
    }
}
