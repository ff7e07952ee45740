namespace AuditOrchestrator.Vendors.Http;

/// <summary>How hard a vendor client tries before it gives up. Tests shrink the delays to milliseconds.</summary>
public sealed class VendorResilienceOptions
{
    /// <summary>Retries after the first attempt, for 5xx, timeouts, connection errors and 429 alike.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>First backoff delay for 5xx and connection errors; doubles on every retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one backoff delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait after a 429 that carries no usable header.</summary>
    public TimeSpan DefaultRateLimitWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait after a 429 we accept; a vendor asking for more makes the call fail.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time limit of one attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
