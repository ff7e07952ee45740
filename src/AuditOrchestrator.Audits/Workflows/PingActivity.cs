using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Engine.Telemetry;
using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// The pings of an item's follow-up, all on the item's thread of the audit issue. <c>whom</c>: <c>person</c> starts
/// the thread (chart C), <c>person-again</c> replies (F), <c>manager</c> pings the person's manager (H; skipped for
/// items without a person or without a manager), <c>som-assistance</c> asks the SOM for help (J),
/// <c>manager-and-som</c> pings the manager and the SOM together in one note (chart 000's F; the SOM alone, with the
/// reason journalled, when the item has no person or no manager). Items without a person, and people who cannot see
/// the issue, are the SOM's: the SOM is pinged in their place, with the reason.
/// </summary>
public sealed class PingActivity(AuditRuns runs, IOptions<GitLabOptions> gitLabOptions, string name = "Ping") : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Ping", "Pings on the item's thread: the person (starting the thread), the person again, their manager, the manager and the SOM together, or the SOM for assistance.",
        [
            new("whom", SettingType.Enum, "Who is pinged.", Required: true)
            {
                AllowedValues = SettingEnums.Names<PingWhom>(),
            },
        ],
        ["pinged", "skipped"]);

    /// <summary>The name Calendly's item flow used before: a step under it has no whom and pings manager-and-som.</summary>
    public static ActivityDescriptor ManagerAndSomAlias { get; } = new("PingManagerAndSom", "Kept for Calendly runs started on earlier versions: Ping with whom manager-and-som.", [], ["pinged"]);

    public string Name => name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var item = StepVariables.Item(context);
        var issue = StepVariables.Issue(context);
        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        // Under the name Calendly's item flow used before (ManagerAndSomAlias), a step has no whom: it is manager-and-som.
        var whom = name == Descriptor.Name ? PingSettings.From(context.Step).Whom : PingWhom.ManagerAndSom;
        var whomName = SettingEnums.Name(whom);
        if (whom == PingWhom.Person)
        {
            await StartThreadAsync(context, item, issue, gitlab);
            OrchestratorTelemetry.Pings.Add(1, OrchestratorTelemetry.Tags("whom", whomName));
            return ActivityResult.Done("pinged");
        }

        var thread = context.State().Thread ?? throw new InvalidOperationException("The item has no thread yet: the first ping must come first.");
        var discussionId = StepVariables.String(thread, "discussionId")!;
        var som = await StepVariables.SomAsync(runs, context);
        string mention;
        string body;
        switch (whom)
        {
            case PingWhom.PersonAgain:
                mention = context.State().Audience == "person" ? StepVariables.String(item, "username")! : som;
                body = FollowUpMessages.SecondPing(mention);
                break;
            case PingWhom.Manager:
                if (SkipManagerBecause(item) is { } reason)
                {
                    context.Record("manager-step-skipped", new JsonObject { ["reason"] = reason });
                    return ActivityResult.Done("skipped");
                }
                mention = StepVariables.String(item, "manager")!;
                body = FollowUpMessages.ManagerPing(mention, item);
                context.State().State = ItemStates.EscalatedManager;
                break;
            case PingWhom.ManagerAndSom:
                if (SkipManagerBecause(item) is { } alone)
                {
                    context.Record("manager-step-skipped", new JsonObject { ["reason"] = alone, ["pinged"] = "som" });
                    mention = som;
                    body = FollowUpMessages.SomInsteadOfManager(som, item);
                    context.State().State = ItemStates.EscalatedSom;
                    break;
                }
                var manager = StepVariables.String(item, "manager")!;
                mention = $"{manager} {som}";
                body = FollowUpMessages.ManagerAndSomPing(manager, som, item);
                context.State().State = ItemStates.EscalatedManager;
                break;
            case PingWhom.SomAssistance:
                mention = som;
                body = FollowUpMessages.SomAssistance(som, item);
                context.State().State = ItemStates.EscalatedSom;
                break;
            default:
                throw new InvalidOperationException($"Unknown 'whom': {whom}.");
        }
        var note = await context.TrackedSideEffectAsync("reply", async (attempt, ct) =>
        {
            var posted = await gitlab.ReplyOnceAsync(issue.Iid, discussionId, attempt.Key, body, attempt.MayHaveHappened, ct);
            return new JsonObject { ["noteId"] = posted.Note.Id, ["mention"] = mention };
        });
        context.Record("pinged", new JsonObject { ["whom"] = whomName, ["mention"] = note?["mention"]?.DeepClone(), ["noteId"] = note?["noteId"]?.DeepClone() });
        OrchestratorTelemetry.Pings.Add(1, OrchestratorTelemetry.Tags("whom", whomName));
        if (whom is PingWhom.Manager or PingWhom.SomAssistance)
        {
            OrchestratorTelemetry.Escalations.Add(1, OrchestratorTelemetry.Tags("whom", whomName));
        }
        return ActivityResult.Done("pinged");
    }

    /// <summary>Why the manager step does not apply to an item, or null when it does.</summary>
    public static string? SkipManagerBecause(JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!StepVariables.Bool(item, "onTeam"))
        {
            return StepVariables.String(item, "whyTheSom") ?? "the account belongs to nobody on the team: the SOM resolves it";
        }
        return StepVariables.String(item, "manager") is not null ? null
            : StepVariables.String(item, "noManager") ?? "the person has no manager with a GitLab username in the team data";
    }

    private async Task StartThreadAsync(ActivityContext context, JsonObject item, AuditIssueRef issue, GitLabClient gitlab)
    {
        var som = await StepVariables.SomAsync(runs, context);
        var done = gitLabOptions.Value.DoneEmoji;
        var posted = await context.TrackedSideEffectAsync("thread", async (attempt, ct) =>
        {
            var username = StepVariables.String(item, "username");
            string? reason = null;
            if (!StepVariables.Bool(item, "onTeam"))
            {
                reason = "not on the support team";
            }
            else if (username is null)
            {
                reason = "no GitLab username in the team data";
            }
            else if (!await gitlab.CanSeeIssueAsync(username, StepVariables.Long(item, "gitlabId"),
                await context.Services.GetRequiredService<IssueVisibilityReads>().IssueAsync(gitlab, issue.Iid, ct), ct))
            {
                reason = "they cannot see this issue";
            }
            var mention = reason is null ? username! : som;
            var note = await gitlab.CreateDiscussionOnceAsync(
                issue.Iid, attempt.Key, FollowUpMessages.FirstPing(item, mention, reason, done), attempt.MayHaveHappened, ct);
            return new JsonObject
            {
                ["discussionId"] = note.DiscussionId,
                ["noteId"] = note.Note.Id,
                ["mention"] = mention,
                ["reason"] = reason,
            };
        }) as JsonObject ?? throw new InvalidOperationException("The first ping recorded no thread.");

        var discussionId = StepVariables.String(posted, "discussionId")!;
        context.State().Thread = new JsonObject
        {
            ["discussionId"] = discussionId,
            ["noteId"] = posted["noteId"]?.DeepClone(),
            ["key"] = GitLabSignals.ThreadKey(issue.ProjectId, issue.Iid, discussionId),
        };
        context.State().Audience = StepVariables.String(posted, "reason") is null ? "person" : "som";
        context.State().State = ItemStates.Open;
        context.Record("pinged", new JsonObject
        {
            ["whom"] = SettingEnums.Name(PingWhom.Person),
            ["mention"] = posted["mention"]?.DeepClone(),
            ["reason"] = posted["reason"]?.DeepClone(),
            ["noteId"] = posted["noteId"]?.DeepClone(),
        });
    }
}

/// <summary>Who a Ping step pings; definitions spell them person, person-again, manager, som-assistance, manager-and-som.</summary>
public enum PingWhom
{
    Person,
    PersonAgain,
    Manager,
    SomAssistance,
    ManagerAndSom,
}

/// <summary>A Ping step's settings.</summary>
public sealed record PingSettings(PingWhom Whom)
{
    public static PingSettings From(StepDefinition step) => new(SettingEnums.Read<PingWhom>(step, "whom"));
}
