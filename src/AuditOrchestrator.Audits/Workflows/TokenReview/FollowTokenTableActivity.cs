using AuditOrchestrator.Audits.Registry;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows.TokenReview;

/// <summary>
/// Token review, chart nodes C and E (the join): each time the issue description changes (the
/// <c>gitlab.issue-description</c> signal, from the Issue Hook or the reconciliation) the table is read again, and each
/// new row with an owner starts its item (a child of <c>definition</c>) at once, while this step keeps listening. A
/// row already itemised (by token name) never starts a second one; rows it cannot read are journalled once each. The
/// step ends (<c>complete</c>) when the "Token table complete" box is ticked and every token item has ended.
/// </summary>
public sealed class FollowTokenTableActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("FollowTokenTable", "Reads the token table at each description edit and starts one follow-up item per new row with an owner; ends when the box is ticked and every token item has ended.",
        [
            new("definition", SettingType.String, "The item flow each token row starts.", SettingValue.FromString("followup-item"))
            {
                Pattern = Identifiers.IdPattern,
            },
        ],
        ["complete"]);

    public string Name => Descriptor.Name;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var issue = StepVariables.Issue(context);
        var description = new BookmarkRequest.Signal(GitLabSignals.IssueDescription, issue.IssueKey);
        var joined = context.Resume?.Kind == ResumeInfo.ChildrenKind;
        if (joined && !context.State().TableComplete)
        {
            // Every item so far has ended, but more rows may come: listen for the next edit only.
            return ActivityResult.WaitFor(description);
        }

        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        // The description is read afresh rather than taken from the signal: webhooks may arrive out of order.
        var table = TokenTable.Parse((await gitlab.GetIssueAsync(issue.Iid, context.CancellationToken)).Description);
        JournalProblems(context, table);
        await SayWhenOverLimitAsync(context, gitlab, issue.Iid, table);

        var itemised = Itemised(context);
        var fresh = TokenTable.NewRows(table, itemised.Select(n => n?.GetValue<string>() ?? ""));
        var children = new List<JsonObject>();
        if (fresh.Count > 0)
        {
            var team = await context.Services.GetRequiredService<TeamSourceResolver>().LoadAsync(context.CancellationToken);
            var runId = TokenReviewRun.Id(context);
            var audit = context.Services.GetRequiredService<AuditCatalog>().Find(context.State().Audit ?? AuditKind.Zendesk.CliName());
            var issueJson = StepVariables.ToJson(issue);
            foreach (var row in fresh)
            {
                var item = TokenItems.Build(row, team, audit, runId, issueJson);
                children.Add(new JsonObject { ["item"] = item });
                itemised.Add(row.Key);
                context.Record("token-itemised", new JsonObject
                {
                    ["token"] = row.Name,
                    ["owner"] = row.Owner,
                    ["onTeam"] = item["onTeam"]?.DeepClone(),
                    ["line"] = row.Line,
                });
            }
        }

        var wasComplete = context.State().TableComplete;
        context.State().TableComplete = table.Complete;
        if (table.Complete != wasComplete)
        {
            context.Record(table.Complete ? "token-table-complete" : "token-table-reopened", new JsonObject { ["rows"] = table.Rows.Count });
        }

        if (joined && table.Complete && children.Count == 0)
        {
            // Read once more after the join, so a row added while the last item ended is not left behind.
            context.Record("token-review-complete", new JsonObject { ["items"] = itemised.Count });
            return ActivityResult.Done("complete");
        }

        // New items start with this wait; once the box is ticked the wait also joins every item (the engine resumes at
        // once when all have already ended). While the table is open, only the next edit is awaited.
        return children.Count > 0 || table.Complete
            ? ActivityResult.WaitFor(description, new BookmarkRequest.Children(FollowTokenTableSettings.From(context.Step).Definition, children))
            : ActivityResult.WaitFor(description);
    }

    /// <summary>
    /// A table longer than <see cref="TokenTable.MaxRows"/> gets one note on the issue naming the rows past it (posted
    /// once by its key, again only when more rows are left out than the last note said, or different ones), and a
    /// journal entry with every name left out: the rows past the limit are not followed up.
    /// </summary>
    private static async Task SayWhenOverLimitAsync(ActivityContext context, GitLabClient gitlab, long iid, TokenTableRead table)
    {
        var noted = context.State().TableOverLimitNoted;
        if (table.RowsOverLimit <= noted)
        {
            // Back within (or nearer) the limit: a later overflow is said again.
            context.State().TableOverLimitNoted = table.RowsOverLimit;
            return;
        }
        var total = table.Rows.Count + table.RowsOverLimit;
        var names = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', table.OverLimit))))[..12];
        await context.SideEffectAsync(string.Create(CultureInfo.InvariantCulture, $"token-table-over-limit-{total}-{names}"), async (key, ct) =>
            new JsonObject { ["noteId"] = (await gitlab.CreateNoteOnceAsync(iid, key, TokenMessages.OverLimit(total, TokenTable.MaxRows, table.OverLimit), ct)).Note.Id });
        context.State().TableOverLimitNoted = table.RowsOverLimit;
        context.Record("token-table-over-limit", new JsonObject
        {
            ["rows"] = total,
            ["max"] = TokenTable.MaxRows,
            ["notRead"] = table.RowsOverLimit,
            ["notReadTokens"] = new JsonArray([.. table.OverLimit.Select(name => (JsonNode?)name)]),
        });
    }

    private static JsonArray Itemised(ActivityContext context)
    {
        if (context.State().Tokens is not { } tokens)
        {
            tokens = [];
            context.State().Tokens = tokens;
        }
        return tokens;
    }

    private static void JournalProblems(ActivityContext context, TokenTableRead table)
    {
        if (context.State().TableProblems is not { } seen)
        {
            seen = [];
            context.State().TableProblems = seen;
        }
        // Known by the row as written and the reason, not the line: an edit above a row moves it.
        var known = seen.Select(p => p?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var problem in table.Problems.Where(p => !known.Contains($"{p.Row}\n{p.Reason}")))
        {
            seen.Add($"{problem.Row}\n{problem.Reason}");
            context.Record("token-row-unreadable", new JsonObject { ["problem"] = problem.Text, ["row"] = problem.Row });
        }
        if (!table.Found && !context.State().TableMissingNoted)
        {
            context.State().TableMissingNoted = true;
            context.Record("token-table-missing", new JsonObject { ["reason"] = "the issue description has no token table (token name | owner)" });
        }
    }
}

/// <summary>A FollowTokenTable step's settings: the item flow each new token row starts.</summary>
public sealed record FollowTokenTableSettings(string Definition)
{
    public static FollowTokenTableSettings From(StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(step.GetString("definition"));
    }
}
