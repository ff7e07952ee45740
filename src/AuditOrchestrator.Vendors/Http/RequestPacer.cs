using System.Net;
using Npgsql;

namespace AuditOrchestrator.Vendors.Http;

/// <summary>
/// A client-side request budget: hands out send slots at least 60/N seconds apart, so a client stays under the
/// vendor's per-minute limit instead of bursting into 429s. Each refusal the vendor still answers widens the spacing a
/// little (up to <see cref="MaxWidening"/>): a refusal costs a whole second of <c>ratelimit-reset</c>, far more than
/// the few milliseconds of margin that absorb the jitter between our sends and the vendor's arrivals. An answer that
/// came back noticeably slower than the fastest recent one may have reached the vendor late, so it pushes the next slot
/// back by that delay: the vendor spaces arrivals, and a late arrival followed by a prompt one is refused. With a
/// <see cref="SharedRequestBudget"/>, every slot is also reserved in the database, so the budget holds across nodes;
/// the database unreachable, each node keeps to the budget on its own.
/// </summary>
public sealed class RequestPacer
{
    public const double WideningPerRefusal = 1.005;
    public const double MaxWidening = 1.10;

    /// <summary>How much slower than the fastest recent round trip an answer may be before it counts as delayed.</summary>
    public static readonly TimeSpan RoundTripTolerance = TimeSpan.FromMilliseconds(1);

    private const int RecentRoundTrips = 64;

    private readonly Lock gate = new();
    // Reservations in the shared budget are taken in the order of this node's own slots.
    private readonly SemaphoreSlim sharedOrder = new(1, 1);
    private readonly SharedRequestBudget? shared;
    private readonly TimeProvider time;
    private readonly TimeSpan configuredInterval;
    private readonly long[] recentRoundTrips = new long[RecentRoundTrips];
    private long answers;
    private long nextSlot = long.MinValue;

    /// <summary><paramref name="requestsPerMinute"/> may be infinite: no spacing, only the vendor's own waits (<see cref="PauseAsync"/>).</summary>
    public RequestPacer(double requestsPerMinute, TimeProvider time, SharedRequestBudget? shared = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerMinute);
        configuredInterval = TimeSpan.FromMinutes(1 / requestsPerMinute);
        Interval = configuredInterval;
        this.time = time;
        this.shared = shared;
    }

    internal TimeProvider Time => time;

    public TimeSpan Interval { get; private set; }

    private long IntervalTimestamps => Timestamps(Interval);

    /// <summary>The vendor refused a paced request (429): its arrivals came closer than our sends.</summary>
    public void Refused()
    {
        lock (gate)
        {
            Interval = TimeSpan.FromTicks((long)Math.Min(Interval.Ticks * WideningPerRefusal, configuredInterval.Ticks * MaxWidening));
        }
    }

    /// <summary>
    /// A request sent at <paramref name="sentAt"/> (a timestamp of this pacer's clock) was answered now. A round trip
    /// slower than the fastest recent one (beyond <see cref="RoundTripTolerance"/>) is taken as a request that reached
    /// the vendor that much later than it was sent.
    /// </summary>
    public void Answered(long sentAt)
    {
        var received = time.GetTimestamp();
        var roundTrip = received - sentAt;
        lock (gate)
        {
            recentRoundTrips[answers++ % RecentRoundTrips] = roundTrip;
            var fastest = long.MaxValue;
            foreach (var recent in recentRoundTrips.AsSpan(0, (int)Math.Min(answers, RecentRoundTrips)))
            {
                fastest = Math.Min(fastest, recent);
            }

            var delay = roundTrip - fastest - Timestamps(RoundTripTolerance);
            if (delay > 0)
            {
                nextSlot = Math.Max(nextSlot, sentAt + delay + IntervalTimestamps);
            }
        }
    }

    /// <summary>Waits for the next send slot; answers the timestamp the request leaves at, for <see cref="Answered"/>.</summary>
    public async Task<long> WaitTurnAsync(CancellationToken cancellationToken)
    {
        var slot = shared is null || configuredInterval == TimeSpan.Zero ? TakeSlot(0) : await TakeSharedSlotAsync(cancellationToken);

        await PreciseDelay.UntilAsync(time, slot, cancellationToken);

        // A send later than its slot pushes the next slot back as well: the vendor counts arrivals, not our schedule,
        // so a late send followed by an on-time one would arrive closer than the interval and be refused.
        lock (gate)
        {
            var sentAt = time.GetTimestamp();
            nextSlot = Math.Max(nextSlot, sentAt + IntervalTimestamps);
            return sentAt;
        }
    }

    /// <summary>
    /// The vendor asked for a pause (a 429's <c>Retry-After</c>, <c>RateLimit-Remaining: 0</c> until
    /// <c>RateLimit-Reset</c>): no request leaves before it is over, from this node nor, with a shared budget, any other.
    /// </summary>
    public async Task PauseAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            nextSlot = Math.Max(nextSlot, time.GetTimestamp() + Timestamps(wait));
        }
        if (shared is not null)
        {
            try
            {
                await shared.PauseAsync(wait, cancellationToken);
            }
            catch (NpgsqlException)
            {
                // The database unreachable: this node pauses all the same.
            }
        }
    }

    /// <summary>The next slot of this node, no sooner than <paramref name="notBefore"/> (a timestamp; 0: now).</summary>
    private long TakeSlot(long notBefore)
    {
        lock (gate)
        {
            var slot = Math.Max(Math.Max(nextSlot, time.GetTimestamp()), notBefore);
            nextSlot = slot + IntervalTimestamps;
            return slot;
        }
    }

    private async Task<long> TakeSharedSlotAsync(CancellationToken cancellationToken)
    {
        await sharedOrder.WaitAsync(cancellationToken);
        try
        {
            TimeSpan interval, lead;
            lock (gate)
            {
                interval = Interval;
                var now = time.GetTimestamp();
                lead = nextSlot > now ? TimeSpan.FromSeconds((nextSlot - now) / (double)time.TimestampFrequency) : TimeSpan.Zero;
            }
            TimeSpan wait;
            try
            {
                wait = await shared!.ReserveAsync(interval, lead, cancellationToken);
            }
            catch (NpgsqlException)
            {
                return TakeSlot(0);
            }
            // Counted from after the answer: at most the trip back later than the database meant, never earlier.
            return TakeSlot(time.GetTimestamp() + Timestamps(wait));
        }
        finally
        {
            sharedOrder.Release();
        }
    }

    private long Timestamps(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}

/// <summary>
/// Waits for a <see cref="RequestPacer"/> slot before every attempt (retries included); with
/// <paramref name="pauseAfter"/>, an answer that asks for a pause pauses the pacer.
/// </summary>
public sealed class RequestPacingHandler(RequestPacer pacer, RateLimitWait? pauseAfter = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sentAt = await pacer.WaitTurnAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        // A refusal is answered without the work of a real answer, so its round trip would pass for the fastest.
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            pacer.Refused();
        }
        else
        {
            pacer.Answered(sentAt);
        }
        if (pauseAfter?.Invoke(response, pacer.Time) is { } pause && pause > TimeSpan.Zero)
        {
            await pacer.PauseAsync(pause, cancellationToken);
        }
        return response;
    }
}
