using System.Collections.Immutable;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Kickoff;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.Workflows.Calendly;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>The audit workflows' own activities: their descriptors (for the definitions) and their registration.</summary>
public static class WorkflowActivities
{
    public const string RunAudit = "RunAudit";
    public const string CreateAuditIssue = "CreateAuditIssue";
    public const string Ping = "Ping";
    public const string AwaitAnswer = "AwaitAnswer";
    public const string Recheck = "Recheck";
    public const string AskForReview = "AskForReview";
    public const string AwaitApproval = "AwaitApproval";
    public const string CloseAuditIssue = "CloseAuditIssue";
    public const string AllAddressed = "AllAddressed";
    public const string DirectMessageSom = "DirectMessageSom";
    public const string AddTokenTable = "AddTokenTable";
    public const string FollowTokenTable = "FollowTokenTable";

    /// <summary>Every descriptor: <see cref="RunAuditActivity"/>'s names the registered audits, so it comes from the catalog.</summary>
    public static IEnumerable<ActivityDescriptor> For(AuditCatalog audits) => [RunAuditActivity.Describe(audits), .. Descriptors];

    /// <summary>The descriptors that do not depend on which audits are registered.</summary>
    public static ImmutableArray<ActivityDescriptor> Descriptors { get; } =
    [
        new(CreateAuditIssue, "Creates the audit issue from the template, with the report in its Notes, assigned to the run's SOM.",
            [
                new("template", SettingType.String, "The issue template's name in the audit project.", Required: true),
                new("title", SettingType.String, "The issue title; the fiscal period is appended.", Required: true),
                new("labels", SettingType.StringList, "Labels of the issue.", SettingValue.FromStringList(["audit"])),
            ],
            ["done"]),
        new(Ping, "Pings on the item's thread: the person (starting the thread), the person again, their manager, the manager and the SOM together, or the SOM for assistance.",
            [
                new("whom", SettingType.Enum, "Who is pinged.", Required: true)
                {
                    AllowedValues = [PingActivity.Person, PingActivity.PersonAgain, PingActivity.Manager, PingActivity.SomAssistance, PingActivity.ManagerAndSom],
                },
            ],
            ["pinged", "skipped"]),
        new(AwaitAnswer, "Waits for an answer on the item's thread (reply, done emoji, resolved) or an operator's 'addressed', until the timeout.",
            [
                new("timeout", SettingType.Duration, "How long to wait, e.g. 3.00:00:00 for 72 hours.", Required: true)
                {
                    Min = SettingValue.FromDuration(TimeSpan.FromSeconds(1)),
                },
            ],
            ["done"]),
        new(Recheck, "Re-runs the checks for the item's person: addressed, explained (answered but still failing) or open.",
            [
                new("ask", SettingType.Enum, "addressed: yes when addressed or explained; still-open: yes when neither.", SettingValue.FromEnum("addressed"))
                {
                    AllowedValues = ["addressed", "still-open"],
                },
            ],
            ["yes", "no"]),
        new(AskForReview, "Asks the run's SOM to review, in a note on the issue listing each item's state.", [], ["done"]),
        new(AwaitApproval, "Waits for the SOM's approval emoji on the review note, or for the SOM to close the issue.", [], ["approved", "closed"]),
        new(CloseAuditIssue, "Closes the audit issue.", [], ["done"]),
        new(AllAddressed, "After the join: yes when every item ended addressed, explained or cancelled, no otherwise (the others in notAddressed).", [], ["yes", "no"]),
        new(DirectMessageSom, "Sends the run's SOM one Slack DM listing the items not addressed.", [], ["done"]),
        .. CalendlyActivities.Descriptors,
        new(AddTokenTable, "Adds the Zendesk API-token table (token name, owner, justification) and its 'Token table complete' box to the issue's Notes.", [], ["done"]),
        new(FollowTokenTable, "Reads the token table at each description edit and starts one follow-up item per new row with an owner; ends when the box is ticked and every token item has ended.",
            [
                new("definition", SettingType.String, "The item flow each token row starts.", SettingValue.FromString("followup-item"))
                {
                    Pattern = Identifiers.IdPattern,
                },
            ],
            ["complete"]),
    ];

    /// <summary>Registers the activities, their descriptors, the audit_runs store and the options they read.</summary>
    public static IServiceCollection AddAuditWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<SupportOpsOptions>(configuration.GetSection(SupportOpsOptions.Section));
        services.TryAddSingleton(_ => FiscalCalendar.From(configuration));
        services.AddSingleton<AuditRuns>();
        services.TryAddTransient(sp => new RecheckPasses(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<InstanceQueries>(), sp.GetRequiredService<AuditRunner>(), sp.GetRequiredService<IOptions<AuditOptions>>(),
            sp.GetRequiredService<IOptions<ExecutorOptions>>(), VendorResilience.VendorTime(sp)));
        services.Configure<AuditRecordsOptions>(configuration.GetSection(AuditRecordsOptions.Section));
        services.TryAddSingleton<AdminChanges>();
        services.AddSingleton(sp => RunAuditActivity.Describe(sp.GetRequiredService<AuditCatalog>()));
        foreach (var descriptor in Descriptors)
        {
            services.AddSingleton(descriptor);
        }
        services.AddSingleton<IActivity, RunAuditActivity>();
        services.AddSingleton<IActivity, CreateAuditIssueActivity>();
        services.AddSingleton<IActivity, PingActivity>();
        services.AddSingleton<IActivity, AwaitAnswerActivity>();
        services.AddSingleton<IActivity, RecheckActivity>();
        services.AddSingleton<IActivity, AskForReviewActivity>();
        services.AddSingleton<IActivity, AwaitApprovalActivity>();
        services.AddSingleton<IActivity, CloseAuditIssueActivity>();
        services.AddSingleton<IActivity, AllAddressedActivity>();
        services.AddSingleton<IActivity, DirectMessageSomActivity>();
        services.AddCalendlyWorkflows();
        services.AddSingleton<IActivity, TokenReview.AddTokenTableActivity>();
        services.AddSingleton<IActivity, TokenReview.FollowTokenTableActivity>();
        return services;
    }
}
