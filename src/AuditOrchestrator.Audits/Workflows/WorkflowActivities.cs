using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Kickoff;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.Workflows.Calendly;
using AuditOrchestrator.Engine.Clock;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Telemetry;
using Microsoft.Extensions.Configuration;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>Registers the audit workflows' activities, each with the descriptor it declares, and what they share.</summary>
public static class WorkflowActivities
{
    /// <summary>Registers the activities, the audit_runs store and the options they read.</summary>
    public static IServiceCollection AddAuditWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<SupportOpsOptions>(configuration.GetSection(SupportOpsOptions.Section));
        services.TryAddSingleton(_ => FiscalCalendar.From(configuration));
        services.AddSingleton<AuditRuns>();
        services.TryAddTransient(sp => new RecheckPasses(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<InstanceQueries>(), sp.GetRequiredService<AuditRunner>(), sp.GetRequiredService<IOptions<AuditOptions>>(),
            sp.GetRequiredService<IOptions<ExecutorOptions>>(), sp.GetRequiredService<ServiceClock>(), VendorResilience.VendorTime(sp)));
        services.Configure<AuditRecordsOptions>(configuration.GetSection(AuditRecordsOptions.Section));
        services.TryAddSingleton<AdminChanges>();
        // Every line an item or a token review logs carries its run's id, read from the variables the audits keep.
        services.AddSingleton<RunScope.RunOfVariables>(variables => new WorkflowState(variables).RunOf);
        // In the designer's order: the follow-up, then Calendly's, then the token review.
        services.AddActivity<RunAuditActivity>(sp => RunAuditActivity.Describe(sp.GetRequiredService<AuditCatalog>()));
        services.AddActivity<CreateAuditIssueActivity>();
        services.AddActivity<PingActivity>();
        services.AddActivity<AwaitAnswerActivity>();
        services.AddActivity<RecheckActivity>();
        services.AddActivity<AskForReviewActivity>();
        services.AddActivity<AwaitApprovalActivity>();
        services.AddActivity<CloseAuditIssueActivity>();
        services.AddActivity<AllAddressedActivity>();
        services.AddActivity<DirectMessageSomActivity>();
        services.AddCalendlyWorkflows();
        services.AddActivity<TokenReview.AddTokenTableActivity>();
        services.AddActivity<TokenReview.FollowTokenTableActivity>();
        return services;
    }
}
