namespace AuditOrchestrator.Sandbox.Hosting;

/// <summary>
/// A vendor-side rate limit as GitLab applies it: at most <see cref="Limit"/> requests per key in each fixed window of
/// <see cref="Window"/> (windows start at multiples of the window length), the rest refused until the window ends.
/// Unlike <see cref="TokenBucketLimiter"/> it allows a burst up to the limit at the start of a window.
/// </summary>
public sealed class FixedWindowLimiter(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (long Window, int Count)> counts = new(StringComparer.Ordinal);

    public int Limit => limit;

    public TimeSpan Window => window;

    /// <summary>Null when admitted (and counted); otherwise the time until the key's window ends.</summary>
    public TimeSpan? TryAdmit(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = time.GetUtcNow().UtcTicks;
        var current = now / window.Ticks;
        lock (gate)
        {
            var (seen, count) = counts.GetValueOrDefault(key);
            if (seen != current)
            {
                count = 0;
            }

            if (count >= limit)
            {
                return TimeSpan.FromTicks(((current + 1) * window.Ticks) - now);
            }

            counts[key] = (current, count + 1);
            return null;
        }
    }
}
