using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Audits.GitLab.Webhooks;

/// <summary>The contract signals in one webhook delivery (pure: the caller says whether an awarded note opens its thread).</summary>
public static class WebhookSignals
{
    /// <summary>
    /// Whether <see cref="From"/> needs to know if the awarded note is the first of its thread: the done emoji counts
    /// only there, and the Emoji Hook does not say.
    /// </summary>
    public static bool NeedsFirstNoteCheck(GitLabHook hook, GitLabSignalRules rules)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(rules);
        var e = hook.Event;
        return IsAward(hook) && e.AwardableType == "Note" && e.DiscussionId is not null && e.EmojiName == rules.DoneEmoji;
    }

    public static IReadOnlyList<Signal> From(GitLabHook hook, GitLabSignalRules rules, bool awardedNoteIsFirst = false)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(rules);
        var e = hook.Event;
        if (e is not { ProjectId: { } project, IssueIid: { } iid })
        {
            return [];
        }

        return e.Kind switch
        {
            GitLabWebhookKind.Note => FromNote(hook, rules, project, iid),
            GitLabWebhookKind.Emoji => FromAward(hook, rules, project, iid, awardedNoteIsFirst),
            GitLabWebhookKind.Issue => FromIssue(hook, project, iid),
            _ => [],
        };
    }

    private static List<Signal> FromNote(GitLabHook hook, GitLabSignalRules rules, long project, long iid)
    {
        var e = hook.Event;
        if (hook.SystemNote || hook.NoteableType is { } type && type != "Issue"
            || e is not { NoteId: { } noteId, DiscussionId: { } discussion, Username: { } author })
        {
            return [];
        }

        // GitLab sends action "update" for edits and, on some versions, for a resolved thread; older ones send no action.
        if (e.Action == "update")
        {
            return hook.NoteResolvedAt is not null && !rules.IsService(author, e.UserId)
                ? [GitLabSignals.Resolved(project, iid, discussion, author)]
                : [];
        }

        return rules.IsService(author, e.UserId) ? [] : [GitLabSignals.Note(project, iid, discussion, noteId, author, e.NoteBody ?? "")];
    }

    private static List<Signal> FromAward(GitLabHook hook, GitLabSignalRules rules, long project, long iid, bool awardedNoteIsFirst)
    {
        var e = hook.Event;
        if (!IsAward(hook) || e.AwardableType != "Note"
            || e is not { NoteId: { } noteId, Username: { } author, EmojiName: { } emoji } || hook.AwardId is not { } awardId
            || rules.IsService(author, e.UserId))
        {
            return [];
        }

        var signals = new List<Signal>();
        if (emoji == rules.ApprovalEmoji)
        {
            signals.Add(GitLabSignals.ApprovalEmoji(project, iid, noteId, awardId, author, emoji));
        }

        if (emoji == rules.DoneEmoji && awardedNoteIsFirst && e.DiscussionId is { } discussion)
        {
            signals.Add(GitLabSignals.DoneEmoji(project, iid, discussion, awardId, author, emoji));
        }

        return signals;
    }

    private static List<Signal> FromIssue(GitLabHook hook, long project, long iid)
    {
        var e = hook.Event;
        var signals = new List<Signal>();
        switch (e.Action)
        {
            case "close" when (hook.IssueClosedAt ?? hook.IssueUpdatedAt) is { } closedAt:
                signals.Add(GitLabSignals.Closed(project, iid, closedAt, e.Username));
                break;
            case "reopen" when hook.IssueUpdatedAt is { } reopenedAt:
                signals.Add(GitLabSignals.Reopened(project, iid, reopenedAt, e.Username));
                break;
        }

        if (e.DescriptionChange is { } change && hook.IssueUpdatedAt is { } editedAt && e.Action != "open")
        {
            signals.Add(GitLabSignals.Description(project, iid, editedAt, e.Username, change.Current));
        }

        return signals;
    }

    // Emoji Hooks say "award" or "revoke" in event_type; a missing one is an award.
    private static bool IsAward(GitLabHook hook) => hook.Event.Kind == GitLabWebhookKind.Emoji && hook.Event.Action is null or "award";
}
