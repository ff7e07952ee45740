using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.Logging;

namespace AuditOrchestrator.Audits.GitLab.Webhooks;

/// <summary>What one pass of the reconciliation did.</summary>
public sealed record ReconciliationPass(int IssuesRead, int IssuesFailed, int SignalsDelivered);

/// <summary>
/// Reads the audit issue of every run that has not ended from GitLab (state, every thread on every page, the awards on the service's first
/// notes) and delivers the contract signals found there. Webhooks get lost or disabled and resolving a thread sends
/// none, so this is what makes a missed webhook delay a resume instead of losing it. Signals the inbox already holds
/// (by delivery key) are skipped, so a webhook and a pass never count one answer twice.
/// </summary>
public sealed partial class GitLabReconciliation(
    AuditIssues auditIssues, GitLabClient gitLab, GitLabServiceUser serviceUser, SignalInbox inbox, ILogger<GitLabReconciliation> logger,
    Workflows.AuditIssueCloseGuard closeGuard)
{
    public async Task<ReconciliationPass> RunOnceAsync(CancellationToken ct)
    {
        var rules = await serviceUser.RulesAsync(ct);
        int read = 0, failed = 0, delivered = 0;
        foreach (var owned in await auditIssues.ListOfLiveRunsAsync(ct))
        {
            try
            {
                delivered += await ReconcileAsync(owned, rules, ct);
                read++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One unreadable issue (deleted, moved, GitLab failing) must not stop the others; the next pass retries.
                failed++;
                LogIssueFailed(logger, owned.ProjectId, owned.Iid, e.GetType().Name, e.Message);
            }
        }

        return new ReconciliationPass(read, failed, delivered);
    }

    private async Task<int> ReconcileAsync(AuditIssue owned, GitLabSignalRules rules, CancellationToken ct)
    {
        // The client reads the configured audit project; an owned issue of another project is not ours to read.
        var issue = await gitLab.GetIssueAsync(owned.Iid, ct);
        if (issue.ProjectId != owned.ProjectId)
        {
            LogOtherProject(logger, owned.ProjectId, owned.Iid, issue.ProjectId);
            return 0;
        }

        var discussions = await gitLab.ListDiscussionsAsync(owned.Iid, ct);
        var awards = new Dictionary<long, IReadOnlyList<GitLabAwardEmoji>>();
        var settled = await auditIssues.SettledKeysAsync(owned.ProjectId, owned.Iid, ct);
        foreach (var noteId in ReconciledSignals.NotesToReadAwardsOf(discussions, rules, owned.ProjectId, owned.Iid, settled))
        {
            awards[noteId] = await gitLab.ListNoteAwardsAsync(owned.Iid, noteId, ct);
        }

        var signals = ReconciledSignals.From(owned.ProjectId, issue, discussions, awards, rules);
        var known = await auditIssues.KnownDeliveryKeysAsync([.. signals.Select(s => s.DeliveryKey)], ct);
        var delivered = 0;
        foreach (var signal in signals.Where(s => !known.Contains(s.DeliveryKey)))
        {
            var result = await inbox.DeliverAsync(signal, ct);
            if (result.Outcome != DeliveryOutcome.Duplicate)
            {
                delivered++;
                LogFound(logger, signal.Name, signal.CorrelationKey, signal.DeliveryKey);
            }
        }

        // A close that does not count (before the review, or not by the SOM) is undone, whichever way it was seen.
        if (issue.IsClosed)
        {
            await closeGuard.CheckAsync(owned.ProjectId, owned.Iid, rules, ct, issue);
        }

        return delivered;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation found {Signal} on {Key} ({DeliveryKey}) that no webhook brought")]
    private static partial void LogFound(ILogger logger, string signal, string key, string deliveryKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation could not read issue {ProjectId}#{Iid}: {Error}: {Message}")]
    private static partial void LogIssueFailed(ILogger logger, long projectId, long iid, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit issue {ProjectId}#{Iid} is not in the configured audit project ({AuditProjectId}); skipped")]
    private static partial void LogOtherProject(ILogger logger, long projectId, long iid, long auditProjectId);
}
