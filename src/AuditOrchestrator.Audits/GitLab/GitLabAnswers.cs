using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Audits.GitLab;

public enum GitLabAnswerKind
{
    Reply,
    DoneEmoji,
    Resolved,
}

/// <summary>One sign that someone answered an item's thread: who, how, and when.</summary>
public sealed record GitLabAnswer(GitLabAnswerKind Kind, string Username, DateTimeOffset At, long? NoteId);

/// <summary>How the SOM approved the review: by closing the issue, or by the approval emoji on the review note.</summary>
public sealed record GitLabApproval(string Username, DateTimeOffset At, bool ClosedTheIssue);

/// <summary>
/// Reading answers out of what GitLab holds, the same way for a webhook-driven resume and for the periodic
/// reconciliation (which exists because webhooks get lost and resolving a thread sends none).
/// </summary>
public static class GitLabAnswers
{
    /// <summary>
    /// The answers on an item's thread, oldest first: replies, the done emoji on the thread's first note, and the
    /// thread being resolved. The service's own notes and awards are not answers; system notes neither.
    /// </summary>
    public static IReadOnlyList<GitLabAnswer> OnThread(
        GitLabDiscussion thread, IEnumerable<GitLabAwardEmoji> firstNoteAwards, string serviceUsername, string doneEmoji)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(firstNoteAwards);
        bool IsService(string username) => string.Equals(username, serviceUsername, StringComparison.OrdinalIgnoreCase);

        var answers = new List<GitLabAnswer>();
        answers.AddRange(thread.Notes.Skip(1)
            .Where(n => !n.System && !IsService(n.Author.Username))
            .Select(n => new GitLabAnswer(GitLabAnswerKind.Reply, n.Author.Username, n.CreatedAt, n.Id)));
        if (thread.Notes.Count > 0)
        {
            var first = thread.Notes[0];
            answers.AddRange(firstNoteAwards
                .Where(a => a.AwardableType == "Note" && a.AwardableId == first.Id && a.Name == doneEmoji && !IsService(a.User.Username))
                .Select(a => new GitLabAnswer(GitLabAnswerKind.DoneEmoji, a.User.Username, a.CreatedAt, first.Id)));
            if (thread.IsResolved && first.ResolvedBy is { } resolver && !IsService(resolver.Username))
            {
                answers.Add(new GitLabAnswer(GitLabAnswerKind.Resolved, resolver.Username, first.ResolvedAt ?? first.UpdatedAt ?? first.CreatedAt, first.Id));
            }
        }

        return [.. answers.OrderBy(a => a.At)];
    }

    /// <summary>
    /// The review's approval, if any of <paramref name="approvers"/> gave it: closing the issue themselves, or the
    /// approval emoji on the review note. Someone else closing the issue is no approval (the caller records it).
    /// </summary>
    public static GitLabApproval? Approval(
        GitLabIssue issue, long reviewNoteId, IEnumerable<GitLabAwardEmoji> reviewNoteAwards, IReadOnlyCollection<string> approvers, string approvalEmoji)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(reviewNoteAwards);
        ArgumentNullException.ThrowIfNull(approvers);
        bool IsApprover(string username) => approvers.Contains(username, StringComparer.OrdinalIgnoreCase);

        var candidates = new List<GitLabApproval>();
        if (issue.IsClosed && issue.ClosedBy is { } closer && IsApprover(closer.Username))
        {
            candidates.Add(new GitLabApproval(closer.Username, issue.ClosedAt ?? issue.UpdatedAt ?? issue.CreatedAt, ClosedTheIssue: true));
        }

        candidates.AddRange(reviewNoteAwards
            .Where(a => a.AwardableType == "Note" && a.AwardableId == reviewNoteId && a.Name == approvalEmoji && IsApprover(a.User.Username))
            .Select(a => new GitLabApproval(a.User.Username, a.CreatedAt, ClosedTheIssue: false)));
        return candidates.OrderBy(c => c.At).FirstOrDefault();
    }
}
