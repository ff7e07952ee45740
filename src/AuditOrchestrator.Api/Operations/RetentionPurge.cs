using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Engine.Jobs;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Runtime;
using Hangfire;
using Npgsql;

namespace AuditOrchestrator.Api.Operations;

/// <summary>What one purge pass removed.</summary>
public sealed record PurgeResult(long Bookmarks, long Effects, long TakenSignals, long InboxRows, bool Skipped = false)
{
    /// <summary>Pending signals no wait took, expired (recorded in their run's journal first, where they have one).</summary>
    public long ExpiredSignals { get; init; }
}

/// <summary>
/// Retention of the runtime's history. <c>Retention__Journal</c> (default 730 days): a run whose whole tree ended
/// (completed or cancelled; faulted is not an end, an operator may retry it) longer ago than that loses its consumed
/// bookmarks, its effect records and the ledger of the signals it has taken. Its journal is the run's hash-chained
/// record (docs/evidence.md) and is never purged, nor are the instance rows, so the run stays listed and its evidence
/// pack verifiable. A tree with any live instance keeps everything. <c>Retention__Inbox</c> (default 30 days):
/// consumed signal inbox rows; the ledger keeps what was taken for the run's whole life. A pending signal (one no wait
/// has taken) expires once its run has ended, or after <c>Retention__PendingSignals</c> (default 7 days) whatever its
/// run: a wait takes a signal that came early within moments (a reply lands after the ping its wait follows), never
/// days later. Before it goes, a signal that belongs to a run is written to that run's journal
/// (<c>signal-not-taken</c>, with its payload) and to the ledger, so the record keeps it and a reconciliation that
/// reads it on the issue again finds it taken. Ages are on the service clock, where the rows' times were written.
/// </summary>
public sealed class RetentionPurge(NpgsqlDataSource dataSource, HistoryPurge history, AuditIssues issues, TimeProvider clock, IConfiguration configuration)
{
    public TimeSpan Journal => configuration.GetValue("Retention:Journal", TimeSpan.FromDays(730));
    public TimeSpan Inbox => configuration.GetValue("Retention:Inbox", TimeSpan.FromDays(30));
    public TimeSpan PendingSignals => configuration.GetValue("Retention:PendingSignals", TimeSpan.FromDays(7));

    /// <summary>Purges in batches of <paramref name="batchSize"/> until nothing old is left; skipped while another node purges.</summary>
    public async Task<PurgeResult> PurgeAsync(int batchSize, CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        if (!await AdvisoryLock.TryTakeAsync(lockConnection, AdvisoryLocks.RetentionPurge, ct))
        {
            return new PurgeResult(0, 0, 0, 0, Skipped: true);
        }
        try
        {
            var now = clock.GetUtcNow();
            long bookmarks = 0, effects = 0, taken = 0, inbox = 0, expired = 0;
            while (true)
            {
                // Each batch is its own short transaction, so a large first purge never holds locks for long.
                var (b, e, t, roots) = await history.PurgeFinishedTreesAsync(now - Journal, batchSize, ct);
                bookmarks += b;
                effects += e;
                taken += t;
                if (roots < batchSize || b + e + t == 0)
                {
                    break;
                }
            }
            while (true)
            {
                var deleted = await history.PurgeConsumedInboxAsync(now - Inbox, batchSize, ct);
                inbox += deleted;
                if (deleted < batchSize)
                {
                    break;
                }
            }
            while (true)
            {
                var deleted = await history.ExpirePendingSignalsAsync(now, now - PendingSignals, batchSize, await SignalOwnersAsync(ct), ct);
                expired += deleted;
                if (deleted < batchSize)
                {
                    break;
                }
            }
            return new PurgeResult(bookmarks, effects, taken, inbox) { ExpiredSignals = expired };
        }
        finally
        {
            await AdvisoryLock.ReleaseAsync(lockConnection, AdvisoryLocks.RetentionPurge);
        }
    }

    /// <summary>The audit issues' signal keys belong to their runs (<c>audit_issues</c>).</summary>
    private async Task<IReadOnlyList<SignalOwner>> SignalOwnersAsync(CancellationToken ct) =>
        [.. (await issues.ListAsync(ct)).SelectMany(i => GitLabSignals.KeyPrefixes(i.ProjectId, i.Iid).Select(p => new SignalOwner(p, i.RunId)))];
}

/// <summary>The Hangfire recurring job <c>retention-purge</c>: every hour (real time), on whichever node gets the lock.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RetentionJob(RetentionPurge purge, ILogger<RetentionJob> logger)
{
    public const string Id = "retention-purge";
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 500;

    public async Task RunAsync(CancellationToken ct)
    {
        var result = await purge.PurgeAsync(BatchSize, ct);
        if (result.Bookmarks + result.Effects + result.TakenSignals + result.InboxRows + result.ExpiredSignals > 0)
        {
            logger.LogInformation("Retention purge removed {Bookmarks} bookmarks, {Effects} effects, {TakenSignals} taken signals, {Inbox} inbox rows, {Expired} expired pending signals",
                result.Bookmarks, result.Effects, result.TakenSignals, result.InboxRows, result.ExpiredSignals);
        }
    }
}

public static class OperationsServices
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RetentionPurge>();
        services.AddTransient<RetentionJob>();
        services.AddSingleton(RecurringPass.Every<RetentionJob>(RetentionJob.Id, RetentionJob.Interval, job => job.RunAsync(CancellationToken.None)));
        // Per node on purpose: each node's metrics read the gauges it refreshes.
        services.AddHostedService<OperationalGauges>();
        services.AddOrchestratorTelemetry(configuration);
        return services;
    }
}
