using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Integrations.PagerDuty.AuditRecords;

/// <summary>
/// Runs a collector pass every <c>PagerDutyAuditLogs__PollInterval</c> of real time on every node; the poller's
/// advisory lock and its spacing check leave one pass per interval to the whole cluster. A failed pass never stops it.
/// </summary>
public sealed class AuditRecordCollector(
    IServiceScopeFactory scopes,
    CollectorClocks clocks,
    IOptionsMonitor<AuditRecordsOptions> options,
    IOptionsMonitor<PagerDutyOptions> pagerDuty,
    ILogger<AuditRecordCollector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.CurrentValue.PollInterval > TimeSpan.FromSeconds(1) ? options.CurrentValue.PollInterval : TimeSpan.FromSeconds(1);
        using var timer = new PeriodicTimer(interval, clocks.Real);
        do
        {
            if (!options.CurrentValue.IsEnabled(pagerDuty.CurrentValue))
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var poller = scope.ServiceProvider.GetRequiredService<AuditRecordPoller>();
                // Nine tenths of an interval: while one node keeps passing, the others' timers (at any phase) all skip;
                // when it stops, the next of them takes over within one interval.
                await poller.RunPassAsync(stoppingToken, interval * 0.9);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be away for a moment; the next tick tries again.
                logger.LogError(e, "PagerDuty audit-record pass could not run");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
