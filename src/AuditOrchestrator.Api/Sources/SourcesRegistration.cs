using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.Api.Sources;

public static class SourcesRegistration
{
    /// <summary>The collected sources: today the PagerDuty audit-record collector (seed 004).</summary>
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        // The vendors' options (GitLab, Calendly, Zendesk, Slack) are bound by the audits' registration.
        services.AddTransient<VendorVerifier>();
        services.AddSingleton<AuditRecordQueries>();
        return services.AddPagerDutyAuditRecords(configuration);
    }
}
