namespace AuditOrchestrator.Integrations.Http;

/// <summary>
/// A client-side request budget: hands out send slots at least 60/N seconds apart, so a client stays under the
/// vendor's per-minute limit instead of bursting into 429s.
/// </summary>
public sealed class RequestPacer
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private DateTimeOffset nextSlot = DateTimeOffset.MinValue;

    public RequestPacer(double requestsPerMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerMinute);
        Interval = TimeSpan.FromMinutes(1 / requestsPerMinute);
        this.time = time;
    }

    public TimeSpan Interval { get; }

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
        return await base.SendAsync(request, cancellationToken);
    }
}
