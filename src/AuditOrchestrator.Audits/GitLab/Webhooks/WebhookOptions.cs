namespace AuditOrchestrator.Audits.GitLab.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Larger deliveries are refused with 413 (GitLab descriptions reach 1 MB; the payload carries more).</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How often stored deliveries are looked for besides the wake-up at receipt (real time).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this many failed attempts (GitLab unreachable, say) a delivery is given up; the reconciliation still finds its signals.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Deliveries one node processes at once: a slow GitLab call holds up one of them, not the rest.</summary>
    public int Workers { get; set; } = 4;
}
