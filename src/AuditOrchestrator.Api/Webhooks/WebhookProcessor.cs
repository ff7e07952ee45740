using System.Diagnostics;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Telemetry;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Webhooks;

/// <summary>
/// Turns stored deliveries into contract signals, after GitLab has had its 200: woken by each new delivery, and
/// polling besides, so deliveries left unprocessed by a crash (or failed while GitLab was unreachable) are taken up.
/// </summary>
public sealed partial class WebhookProcessor(
    WebhookDeliveries deliveries,
    AuditIssues auditIssues,
    GitLabServiceUser serviceUser,
    SignalInbox inbox,
    IServiceProvider services,
    IOptions<WebhookOptions> options,
    IConfiguration configuration,
    ILogger<WebhookProcessor> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    private readonly SemaphoreSlim wakeUp = new(0, Math.Max(1, options.Value.Workers));
    private readonly TimeProvider realTime = TimeProvider.System;
    private DateTimeOffset nextPurge = DateTimeOffset.MinValue;

    /// <summary>Processed deliveries are kept as long as processed inbox rows (<c>Retention__Inbox</c>, default 30 days).</summary>
    public TimeSpan Retention => configuration.GetValue("Retention:Inbox", TimeSpan.FromDays(30));

    /// <summary>A delivery was stored: process it now rather than at the next poll.</summary>
    public void Wake()
    {
        try
        {
            wakeUp.Release();
        }
        catch (SemaphoreFullException)
        {
            // Every worker is already woken.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: the stored delivery is taken up by the next start's first poll.
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(worker => WorkAsync(worker == 0, stoppingToken)));

    /// <summary>One worker: drains the due deliveries, then sleeps until woken or the poll; the first one also purges.</summary>
    private async Task WorkAsync(bool purges, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await deliveries.ProcessNextAsync(ProcessAsync, options.Value.MaxAttempts, stoppingToken))
                {
                }

                if (purges && realTime.GetUtcNow() >= nextPurge)
                {
                    nextPurge = realTime.GetUtcNow() + PurgeEvery;
                    await deliveries.PurgeAsync(Retention, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unreachable, say: try again at the next poll.
                LogPassFailed(logger, e.GetType().Name, e.Message);
            }

            try
            {
                await wakeUp.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One delivery: ignored unless a run owns its issue; else its signals, each delivered to the inbox.</summary>
    public async Task<ProcessedDelivery> ProcessAsync(StoredDelivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        // Continues the trace of the request that stored the delivery (its context travelled in the row).
        System.Diagnostics.ActivityContext.TryParse(delivery.TraceParent, null, out var received);
        using var span = OrchestratorTelemetry.Source.StartActivity("webhook process", ActivityKind.Consumer, received);
        span?.SetTag("webhook.event", delivery.EventType);
        var processed = await ProcessTracedAsync(delivery, ct);
        span?.SetTag("webhook.outcome", processed.Outcome);
        return processed;
    }

    private async Task<ProcessedDelivery> ProcessTracedAsync(StoredDelivery delivery, CancellationToken ct)
    {
        var hook = GitLabHook.Parse(delivery.EventType, delivery.Body);
        if (hook.Event is not { ProjectId: { } project, IssueIid: { } iid } || !await auditIssues.IsOwnedAsync(project, iid, ct))
        {
            return new ProcessedDelivery("ignored", 0);
        }

        var rules = await serviceUser.RulesAsync(ct);
        var awardedNoteIsFirst = false;
        if (WebhookSignals.NeedsFirstNoteCheck(hook, rules))
        {
            var thread = await services.GetRequiredService<GitLabClient>().GetDiscussionAsync(iid, hook.Event.DiscussionId!, ct);
            awardedNoteIsFirst = thread.Notes.Count > 0 && thread.Notes[0].Id == hook.Event.NoteId;
        }

        var signals = WebhookSignals.From(hook, rules, awardedNoteIsFirst);
        foreach (var signal in signals)
        {
            var result = await inbox.DeliverAsync(signal, ct);
            LogSignal(logger, signal.Name, signal.CorrelationKey, signal.DeliveryKey, result.Outcome);
        }

        if (signals.Any(s => s.Name == GitLabSignals.IssueClosed))
        {
            await GuardCloseAsync(project, iid, rules, ct);
        }

        return new ProcessedDelivery(signals.Count > 0 ? "signalled" : "nothing", signals.Count);
    }

    /// <summary>A close that does not count is undone now; should GitLab fail, the next reconciliation pass does it.</summary>
    private async Task GuardCloseAsync(long project, long iid, GitLabSignalRules rules, CancellationToken ct)
    {
        try
        {
            if (await services.GetRequiredService<AuditIssueCloseGuard>().CheckAsync(project, iid, rules, ct))
            {
                LogReopened(logger, project, iid);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogGuardFailed(logger, project, iid, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit issue {ProjectId}#{Iid} was closed before its review by someone other than the SOM: reopened")]
    private static partial void LogReopened(ILogger logger, long projectId, long iid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the close of audit issue {ProjectId}#{Iid} ({Error}); the reconciliation will")]
    private static partial void LogGuardFailed(ILogger logger, long projectId, long iid, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook signal {Signal} on {Key} ({DeliveryKey}): {Outcome}")]
    private static partial void LogSignal(ILogger logger, string signal, string key, string deliveryKey, DeliveryOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing stored webhook deliveries failed: {Error}: {Message}")]
    private static partial void LogPassFailed(ILogger logger, string error, string message);

    public override void Dispose()
    {
        wakeUp.Dispose();
        base.Dispose();
    }
}
