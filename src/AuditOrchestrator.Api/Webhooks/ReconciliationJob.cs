using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Vendors.GitLab;
using Hangfire;

namespace AuditOrchestrator.Api.Webhooks;

/// <summary>
/// The Hangfire recurring job <c>gitlab-reconciliation</c>: re-reads open runs' issues every
/// <c>GitLab__ReconcileInterval</c> (default 15 minutes) of real time. It is an operational interval, not a workflow
/// duration, so a sped-up service clock does not hurry it. Zero or less (or no <c>GitLab__AuditProject</c>) switches it
/// off. An advisory lock lets one node at a time run a pass, should two run at once.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed partial class ReconciliationJob(GitLabReconciliation reconciliation, AuditIssues issues, ILogger<ReconciliationJob> logger)
{
    public const string Id = "gitlab-reconciliation";

    public static bool IsOn(GitLabOptions options) => options.ReconcileInterval > TimeSpan.Zero && !string.IsNullOrWhiteSpace(options.AuditProject);

    public async Task RunAsync(CancellationToken ct) =>
        await issues.RunAloneAsync(async token =>
        {
            var pass = await reconciliation.RunOnceAsync(token);
            if (pass.SignalsDelivered > 0 || pass.IssuesFailed > 0)
            {
                LogPass(logger, pass.IssuesRead, pass.IssuesFailed, pass.SignalsDelivered);
            }
        }, ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitLab reconciliation: {Read} issues read, {Failed} failed, {Signals} signals found")]
    private static partial void LogPass(ILogger logger, int read, int failed, int signals);
}
