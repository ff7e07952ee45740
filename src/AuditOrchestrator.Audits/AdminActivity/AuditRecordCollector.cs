using Hangfire;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>
/// The Hangfire recurring job <c>pagerduty-audit-records</c>: a collector pass every <c>PagerDutyAuditLogs__PollInterval</c>
/// of real time (registered only while the collector is enabled). The poller's advisory lock and its spacing check
/// leave one pass per interval to the whole cluster, should a pass run twice. A failed pass never stops the next.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class AuditRecordCollector(AuditRecordPoller poller, IOptionsMonitor<AuditRecordsOptions> options)
{
    public const string Id = "pagerduty-audit-records";

    /// <summary>The interval a pass runs at: at least a second.</summary>
    public static TimeSpan Interval(AuditRecordsOptions options) =>
        options.PollInterval > TimeSpan.FromSeconds(1) ? options.PollInterval : TimeSpan.FromSeconds(1);

    // Nine tenths of an interval: a second run of the same tick (another node, a retry) skips.
    public async Task RunAsync(CancellationToken ct) => await poller.RunPassAsync(ct, Interval(options.CurrentValue) * 0.9);
}
