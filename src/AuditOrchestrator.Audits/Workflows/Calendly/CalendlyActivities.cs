using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows.Calendly;

/// <summary>
/// The activities of the Calendly workflows (charts 002 and 001's two Calendly charts): the Calendly review, the
/// 002 escalation (manager and SOM together, a Slack DM to the SOM) and the removals after the SOM's approval.
/// </summary>
public static class CalendlyActivities
{
    /// <summary>Registers the activities, each with its descriptor.</summary>
    public static IServiceCollection AddCalendlyWorkflows(this IServiceCollection services)
    {
        services.AddActivity<SelectCalendlyItemsActivity>();
        services.AddActivity<CalendlyReviewTableActivity>();
        // The names earlier versions of calendly-item and calendly-semiannual used, run by the one implementation each.
        services.AddActivityAlias<PingActivity>(PingActivity.ManagerAndSomAlias);
        services.AddActivityAlias<AllAddressedActivity>(AllAddressedActivity.AllItemsAddressedAlias);
        services.AddActivity<AskForCalendlyReviewActivity>();
        services.AddActivity<RemoveCalendlyMembersActivity>();
        return services;
    }
}
