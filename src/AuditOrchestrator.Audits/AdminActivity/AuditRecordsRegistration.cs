using AuditOrchestrator.Audits.Alerts;
using AuditOrchestrator.Audits.GitLab;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Engine.Jobs;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.PagerDuty;
using AuditOrchestrator.Vendors.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.AdminActivity;

public static class AuditRecordsRegistration
{
    /// <summary>
    /// The PagerDuty audit-record collector: client (shared retry policy and request budget of PagerDuty), store,
    /// poller, notifier, verifier, and the collector's recurring job (off while <c>PagerDutyAuditLogs__Enabled</c>
    /// is off). Needs an <see cref="Npgsql.NpgsqlDataSource"/> and a <see cref="TimeProvider"/> (the service clock).
    /// </summary>
    public static IServiceCollection AddPagerDutyAuditRecords(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(configuration);
        services.Configure<PagerDutyOptions>(configuration.GetSection(PagerDutyOptions.Section));
        services.Configure<AuditRecordsOptions>(configuration.GetSection(AuditRecordsOptions.Section));
        // Query windows and the poll interval follow the vendor's real time, whatever the service clock's speed.
        services.TryAddSingleton(sp => new CollectorClocks(TimeProvider.System, sp.GetRequiredService<TimeProvider>()));

        services.AddHttpClient<PagerDutyAuditRecordsClient>()
            .AddVendorResilience(PagerDutyClient.Vendor, RateLimitHeaders.PagerDutyReset)
            .AddRequestPacing(PagerDutyClient.Vendor, sp => sp.GetRequiredService<IOptions<PagerDutyOptions>>().Value.RequestsPerMinute);
        if (!services.Any(d => d.ServiceType == typeof(SlackClient)))
        {
            services.AddSlack(configuration);
        }

        if (!services.Any(d => d.ServiceType == typeof(GitLabClient)))
        {
            services.AddGitLab(configuration);
            services.AddGitLabTeamSource();
        }

        services.Configure<NotificationsOptions>(configuration.GetSection(NotificationsOptions.Section));

        services.TryAddSingleton<TeamSourceResolver>();
        services.TryAddSingleton<AuditRecordStore>();
        services.TryAddTransient<SourceNotifier>();
        services.TryAddTransient<AuditRecordPoller>();
        services.TryAddTransient<PagerDutyVerifier>();
        services.TryAddTransient<AuditRecordCollector>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuditRecordsOptions>>().Value;
            return options.IsEnabled(sp.GetRequiredService<IOptions<PagerDutyOptions>>().Value)
                ? RecurringPass.Every<AuditRecordCollector>(AuditRecordCollector.Id, AuditRecordCollector.Interval(options), job => job.RunAsync(CancellationToken.None))
                : RecurringPass.Off(AuditRecordCollector.Id);
        });
        return services;
    }
}
