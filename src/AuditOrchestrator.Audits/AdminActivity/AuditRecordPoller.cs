using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.PagerDuty;

namespace AuditOrchestrator.Audits.AdminActivity;

public enum PassOutcome
{
    /// <summary>Every window was read to its end; the position moved.</summary>
    Completed,

    /// <summary>Another node holds the collector's lock, or passed moments ago.</summary>
    Skipped,

    /// <summary>PagerDuty refused these settings before; nothing was called.</summary>
    Blocked,

    /// <summary>The pass stopped early; the position stayed where it was.</summary>
    Failed,
}

/// <summary>The two clocks of the collector: the vendor's (real) time for query windows and intervals, the service clock for health.</summary>
public sealed record CollectorClocks(TimeProvider Real, TimeProvider Service)
{
    /// <summary>The clock of PagerDuty's records, for query windows: real time, except the sandbox's simulated PagerDuty, on the service clock.</summary>
    public TimeProvider Vendor { get; init; } = Real;
}

/// <summary>
/// One pass of the PagerDuty audit-record collector: read every record since the saved position (less an overlap),
/// page by page, store each page (duplicates drop by id), and only then move the position. Holding a PostgreSQL
/// advisory lock for the pass makes it one node at a time; the lock goes with the connection if the node dies.
/// </summary>
public sealed class AuditRecordPoller(
    PagerDutyAuditRecordsClient client,
    AuditRecordStore store,
    SourceNotifier notifier,
    NpgsqlDataSource dataSource,
    CollectorClocks clocks,
    IOptionsMonitor<AuditRecordsOptions> options,
    ILogger<AuditRecordPoller> logger)
{
    private const string Source = AuditRecordStore.PagerDutySource;

    /// <summary>
    /// Runs one pass unless another node is running one, or one started less than <paramref name="minimumSpacing"/>
    /// ago (real time): nodes tick independently, and this keeps the cluster to one pass per interval.
    /// </summary>
    public async Task<PassOutcome> RunPassAsync(CancellationToken cancellationToken, TimeSpan minimumSpacing = default)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await AdvisoryLock.TryTakeAsync(lockConnection, AdvisoryLocks.AdminActivityCollector, cancellationToken))
        {
            return PassOutcome.Skipped;
        }

        try
        {
            var state = await store.LoadAsync(Source, clocks.Service.GetUtcNow(), cancellationToken);
            if (minimumSpacing > TimeSpan.Zero && state.LastPassStartedReal is { } last && clocks.Real.GetUtcNow() - last < minimumSpacing)
            {
                return PassOutcome.Skipped;
            }

            return await RunLockedPassAsync(state, cancellationToken);
        }
        finally
        {
            await AdvisoryLock.ReleaseAsync(lockConnection, AdvisoryLocks.AdminActivityCollector);
        }
    }

    private async Task<PassOutcome> RunLockedPassAsync(SourceState state, CancellationToken cancellationToken)
    {
        var settings = client.SettingsFingerprint;
        if (state.Status == SourceStatus.Misconfigured && state.BlockedSettings == settings)
        {
            await notifier.DeliverPendingAsync(Source, clocks.Service.GetUtcNow(), cancellationToken);
            return PassOutcome.Blocked;
        }

        var o = options.CurrentValue;
        // PagerDuty speaks milliseconds; the saved position must be exactly the until that was sent.
        var now = clocks.Vendor.GetUtcNow();
        var until = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
        await store.MarkPassStartedAsync(Source, until, cancellationToken);
        var windows = PollWindow.ForPass(state.CollectedUntil, until, o.Backfill, o.Overlap);
        try
        {
            var pages = 0;
            foreach (var window in windows)
            {
                string? cursor = null;
                do
                {
                    var page = await client.GetPageAsync(window.Since, window.Until, cursor, cancellationToken);
                    var records = page.Records.Select(AuditRecord.Parse).ToList();
                    // If the process dies after this commit, the position has not moved: the next pass re-reads this page
                    // and its rows drop as duplicates.
                    var (_, malformed) = await store.InsertPageAsync(Source, records, clocks.Service.GetUtcNow(), cancellationToken);
                    if (malformed > 0)
                    {
                        logger.LogWarning("Stored {Count} malformed PagerDuty audit records raw", malformed);
                    }

                    cursor = page.NextCursor;
                    pages++;
                }
                while (cursor is not null);
            }

            await store.CompletePassAsync(Source, until, clocks.Service.GetUtcNow(), cancellationToken);
            logger.LogDebug("PagerDuty audit records: pass complete, {Pages} pages, collected until {Until}", pages, until);
        }
        catch (VendorApiException e)
        {
            var misconfigured = SourceHealth.MisconfigurationReason(e.Status);
            var status = misconfigured is null ? SourceStatus.Failing : SourceStatus.Misconfigured;
            var reason = misconfigured ?? $"Reading PagerDuty audit records failed: {e.Message}. The next pass tries again.";
            logger.LogWarning("PagerDuty audit records: pass failed ({Status}): {Reason}", status.Name(), reason);
            await store.RecordFailureAsync(Source, status, reason, misconfigured is null ? null : settings, clocks.Service.GetUtcNow(), cancellationToken);
            await notifier.NotifyChangeAsync(Source, state, status, reason, clocks.Service.GetUtcNow(), cancellationToken);
            return PassOutcome.Failed;
        }

        await EvaluateAsync(cancellationToken);
        return PassOutcome.Completed;
    }

    /// <summary>Re-reads the source and sets its health (healthy or stale) after a completed pass, notifying a change.</summary>
    private async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = clocks.Service.GetUtcNow();
        var state = (await store.FindAsync(Source, cancellationToken))!;
        var (status, reason) = SourceHealth.AfterSuccess(state, now, options.CurrentValue.StaleAfter);
        await store.SetStatusAsync(Source, status, reason, now, cancellationToken);
        await notifier.NotifyChangeAsync(Source, state, status, reason, now, cancellationToken);
    }
}
