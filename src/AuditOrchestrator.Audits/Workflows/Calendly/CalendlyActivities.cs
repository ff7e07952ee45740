using System.Collections.Immutable;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows.Calendly;

/// <summary>
/// The activities of the Calendly workflows (charts 002 and 001's two Calendly charts): the Calendly review, the
/// 002 escalation (manager and SOM together, a Slack DM to the SOM) and the removals after the SOM's approval.
/// </summary>
public static class CalendlyActivities
{
    public const string SelectCalendlyItems = "SelectCalendlyItems";
    public const string CalendlyReviewTable = "CalendlyReviewTable";
    public const string PingManagerAndSom = "PingManagerAndSom";
    public const string AllItemsAddressed = "AllItemsAddressed";
    public const string AskForCalendlyReview = "AskForCalendlyReview";
    public const string RemoveCalendlyMembers = "RemoveCalendlyMembers";

    public static ImmutableArray<ActivityDescriptor> Descriptors { get; } =
    [
        new(SelectCalendlyItems, "Picks the items a Calendly flow follows up: the member findings, the Calendly review's (accounts not on the team, owner count, with their memberships), or all.",
            [
                new("take", SettingType.Enum, "members, review or all.", Required: true) { AllowedValues = ["members", "review", "all"] },
            ],
            ["done"]),
        new(CalendlyReviewTable, "Writes the Calendly review table (accounts not on the team, owner count, the admins rule) into the issue's Notes, under the report.", [], ["done"]),
        new(PingManagerAndSom, "Kept for Calendly runs started on earlier versions: Ping with whom manager-and-som.", [], ["pinged"]),
        new(AllItemsAddressed, "Kept for Calendly runs started on earlier versions: AllAddressed.", [], ["yes", "no"]),
        new(AskForCalendlyReview, "Asks the run's SOM to review: a note listing every item's state and the Calendly memberships removed on approval; with dm, also a Slack DM to the SOM.",
            [new("dm", SettingType.Bool, "Also reach the SOM by a Slack DM (chart 002's J).", SettingValue.FromBool(false))],
            ["done"]),
        new(RemoveCalendlyMembers, "After the SOM's approval, removes the Calendly memberships the review listed, one journal entry each.", [], ["done"]),
    ];

    /// <summary>Registers the activities (their descriptors are part of <see cref="WorkflowActivities.Descriptors"/>).</summary>
    public static IServiceCollection AddCalendlyWorkflows(this IServiceCollection services)
    {
        services.AddSingleton<IActivity, SelectCalendlyItemsActivity>();
        services.AddSingleton<IActivity, CalendlyReviewTableActivity>();
        // The names earlier versions of calendly-item and calendly-semiannual used, run by the one implementation each.
        services.AddSingleton<IActivity>(sp => ActivatorUtilities.CreateInstance<PingActivity>(sp, PingManagerAndSom));
        services.AddSingleton<IActivity>(sp => ActivatorUtilities.CreateInstance<AllAddressedActivity>(sp, AllItemsAddressed));
        services.AddSingleton<IActivity, AskForCalendlyReviewActivity>();
        services.AddSingleton<IActivity, RemoveCalendlyMembersActivity>();
        return services;
    }
}
