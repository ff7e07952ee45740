namespace AuditOrchestrator.Vendors.Http;

/// <summary>
/// Waits until a timestamp to within a fraction of a millisecond. The runtime's timers run on a coarse clock (4 ms
/// ticks on a typical Linux kernel) and fire up to a tick early or late; a pacer that trusted them would send some
/// requests milliseconds before their slot, and every send a tick late would push the whole schedule back.
/// </summary>
public static class PreciseDelay
{
    /// <summary>Below this, a thread sleep (exact to well under a millisecond) finishes what a timer cannot.</summary>
    private static readonly TimeSpan TimerGranularity = TimeSpan.FromMilliseconds(8);

    public static async Task UntilAsync(TimeProvider time, long timestamp, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = Remaining(time, timestamp);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (remaining > TimerGranularity)
            {
                await Task.Delay(remaining - TimerGranularity, time, cancellationToken);
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            // Thread.Sleep counts whole milliseconds; the last fraction is spun, yielding the core meanwhile.
            if (remaining >= TimeSpan.FromMilliseconds(1))
            {
                Thread.Sleep(remaining);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private static TimeSpan Remaining(TimeProvider time, long timestamp) =>
        TimeSpan.FromSeconds((double)(timestamp - time.GetTimestamp()) / time.TimestampFrequency);
}
