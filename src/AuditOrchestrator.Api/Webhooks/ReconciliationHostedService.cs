using AuditOrchestrator.Integrations.GitLab;
using AuditOrchestrator.Integrations.GitLab.Webhooks;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Webhooks;

/// <summary>
/// Runs the GitLab reconciliation at start and then every <c>GitLab__ReconcileInterval</c> (default 15 minutes) of
/// real time: it is an operational interval, not a workflow duration, so a sped-up service clock does not hurry it.
/// Zero or less switches it off. Every node schedules it; an advisory lock lets one node at a time run a pass.
/// </summary>
public sealed partial class ReconciliationHostedService(
    IServiceProvider services, IOptions<GitLabOptions> options, ILogger<ReconciliationHostedService> logger) : BackgroundService
{
    private readonly TimeProvider realTime = TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReconcileInterval;
        if (interval <= TimeSpan.Zero || string.IsNullOrWhiteSpace(options.Value.AuditProject))
        {
            LogOff(logger);
            return;
        }

        using var timer = new PeriodicTimer(interval, realTime);
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var reconciliation = scope.ServiceProvider.GetRequiredService<GitLabReconciliation>();
                await scope.ServiceProvider.GetRequiredService<AuditIssues>().RunAloneAsync(async ct =>
                {
                    var pass = await reconciliation.RunOnceAsync(ct);
                    if (pass.SignalsDelivered > 0 || pass.IssuesFailed > 0)
                    {
                        LogPass(logger, pass.IssuesRead, pass.IssuesFailed, pass.SignalsDelivered);
                    }
                }, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e.GetType().Name, e.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GitLab reconciliation: {Read} issues read, {Failed} failed, {Signals} signals found")]
    private static partial void LogPass(ILogger logger, int read, int failed, int signals);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitLab reconciliation failed: {Error}: {Message}")]
    private static partial void LogFailed(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitLab reconciliation is off (no GitLab__AuditProject, or GitLab__ReconcileInterval is not positive)")]
    private static partial void LogOff(ILogger logger);
}
