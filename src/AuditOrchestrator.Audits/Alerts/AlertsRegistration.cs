using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Engine.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Alerts;

public static class AlertsRegistration
{
    /// <summary>
    /// Run alerts: the store, the notifier, the pass and its recurring job. Needs the GitLab and Slack clients, the
    /// audit_runs store (<c>AddAuditWorkflows</c>), an <see cref="Npgsql.NpgsqlDataSource"/> and the service clock.
    /// </summary>
    public static IServiceCollection AddRunAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<AlertsOptions>(configuration.GetSection(AlertsOptions.Section));
        services.Configure<NotificationsOptions>(configuration.GetSection(NotificationsOptions.Section));
        services.TryAddSingleton<TeamSourceResolver>();
        services.TryAddSingleton<RunAlertStore>();
        services.TryAddTransient<RunAlertNotifier>();
        services.TryAddTransient<RunAlertsPass>();
        services.TryAddTransient<RunAlertsJob>();
        services.AddSingleton(sp => RecurringPass.Every<RunAlertsJob>(
            RunAlertsJob.Id, sp.GetRequiredService<IOptions<AlertsOptions>>().Value.CheckInterval, job => job.RunAsync(CancellationToken.None)));
        return services;
    }
}
