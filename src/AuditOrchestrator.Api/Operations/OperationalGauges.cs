using System.Diagnostics.Metrics;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Telemetry;
using Npgsql;

namespace AuditOrchestrator.Api.Operations;

/// <summary>
/// The gauges read from the database: items of live runs by state, and the PagerDuty collector's lag. A background
/// pass refreshes a cached snapshot (real time, every <see cref="Refresh"/>), so a scraper never queries the database.
/// </summary>
public sealed class OperationalGauges(NpgsqlDataSource dataSource, InstanceQueries instances, ILogger<OperationalGauges> logger) : BackgroundService
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(15);

    private static volatile Snapshot s_latest = new([], null);

    static OperationalGauges()
    {
        OrchestratorTelemetry.Meter.CreateObservableGauge("auditorchestrator.items", () =>
            s_latest.Items.Select(i => new Measurement<long>(i.Count, OrchestratorTelemetry.Tags("state", i.State))),
            "{item}", "Items of live runs, by state (cached; refreshed every 15 s)");
        OrchestratorTelemetry.Meter.CreateObservableGauge("auditorchestrator.collector.lag", () =>
            s_latest.CollectorLagSeconds is { } lag ? [new Measurement<double>(lag, OrchestratorTelemetry.Tags("source", "pagerduty"))] : Array.Empty<Measurement<double>>(),
            "s", "Real seconds between now and the PagerDuty collector's saved position (cached)");
    }

    private sealed record Snapshot(IReadOnlyList<(string State, long Count)> Items, double? CollectorLagSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(Refresh, TimeProvider.System);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Refreshing the database gauges failed; the previous values stay");
            }
        }
        while (await WaitAsync(ticks, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer ticks, CancellationToken ct)
    {
        try
        {
            return await ticks.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        var items = await instances.CountLiveChildrenAsync("item", "state", ItemStates.Open, ct);
        double? lag = null;
        await using (var command = dataSource.CreateCommand(
            "SELECT extract(epoch FROM (now() - collected_until))::float8 FROM source_status WHERE name = 'pagerduty' AND collected_until IS NOT NULL"))
        {
            if (await command.ExecuteScalarAsync(ct) is double seconds)
            {
                lag = seconds;
            }
        }
        s_latest = new Snapshot(items, lag);
    }
}
