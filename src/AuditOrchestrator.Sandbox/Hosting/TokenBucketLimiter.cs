namespace AuditOrchestrator.Sandbox.Hosting;

/// <summary>
/// A vendor-side rate limit: admits one request every 60/N seconds with no burst (a bucket holding one token).
/// Answers how long the refused caller should wait.
/// </summary>
public sealed class TokenBucketLimiter(double requestsPerMinute, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly TimeSpan interval = TimeSpan.FromMinutes(1 / requestsPerMinute);
    private DateTimeOffset nextAdmission = DateTimeOffset.MinValue;

    public double RequestsPerMinute => requestsPerMinute;

    /// <summary>Null when admitted; otherwise the time until the next token.</summary>
    public TimeSpan? TryAdmit()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (now >= nextAdmission)
            {
                nextAdmission = now + interval;
                return null;
            }

            return nextAdmission - now;
        }
    }
}
