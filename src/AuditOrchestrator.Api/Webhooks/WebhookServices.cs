using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Jobs;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Webhooks;

public static class WebhookServices
{
    /// <summary>The receiver's store, the processor of stored deliveries and the periodic reconciliation.</summary>
    public static IServiceCollection AddGitLabWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<AuditIssues>();
        services.AddSingleton<GitLabServiceUser>();
        services.TryAddSingleton<AuditIssueCloseGuard>();
        services.AddSingleton<WebhookDeliveries>();
        services.AddTransient<GitLabReconciliation>();
        services.AddSingleton<WebhookProcessor>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookProcessor>());
        services.AddTransient<ReconciliationJob>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GitLabOptions>>().Value is var gitLab && ReconciliationJob.IsOn(gitLab)
            ? RecurringPass.Every<ReconciliationJob>(ReconciliationJob.Id, gitLab.ReconcileInterval, job => job.RunAsync(CancellationToken.None))
            : RecurringPass.Off(ReconciliationJob.Id));
        return services;
    }
}
