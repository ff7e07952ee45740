using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Audits.GitLab.Webhooks;

/// <summary>
/// The contract signals found by reading an issue (its state, every thread, the awards on the service's first notes):
/// the same signals, with the same delivery keys, that the webhooks would have brought, plus resolved threads, for
/// which GitLab sends no webhook.
/// </summary>
public static class ReconciledSignals
{
    /// <summary>
    /// The notes whose awards are worth reading: the first note of each thread the service started (item threads take
    /// the done emoji there, the review note the approval emoji). Reading every note's awards would cost a call each,
    /// and so would the first notes of threads whose waits have all ended (<paramref name="settled"/>: the item was
    /// addressed or went to the review; the run was approved), which an award can no longer resume: those are skipped.
    /// </summary>
    public static IReadOnlyList<long> NotesToReadAwardsOf(
        IEnumerable<GitLabDiscussion> discussions, GitLabSignalRules rules, long projectId = 0, long iid = 0, IReadOnlySet<string>? settled = null)
    {
        ArgumentNullException.ThrowIfNull(discussions);
        ArgumentNullException.ThrowIfNull(rules);
        return [.. discussions
            .Where(d => d.Notes.Count > 0 && !d.Notes[0].System && rules.IsService(d.Notes[0].Author))
            .Where(d => settled is null || !(settled.Contains($"gitlab-thread:{projectId}:{iid}:{d.Id}") || settled.Contains($"gitlab-note:{projectId}:{iid}:{d.Notes[0].Id}")))
            .Select(d => d.Notes[0].Id)];
    }

    public static IReadOnlyList<Signal> From(
        long projectId,
        GitLabIssue issue,
        IEnumerable<GitLabDiscussion> discussions,
        IReadOnlyDictionary<long, IReadOnlyList<GitLabAwardEmoji>> awardsByNote,
        GitLabSignalRules rules)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(discussions);
        ArgumentNullException.ThrowIfNull(awardsByNote);
        ArgumentNullException.ThrowIfNull(rules);
        var iid = issue.Iid;
        var signals = new List<Signal>();
        var systemNotes = new List<GitLabNote>();
        foreach (var thread in discussions)
        {
            if (thread.Notes.Count == 0)
            {
                continue;
            }

            foreach (var note in thread.Notes)
            {
                if (note.System)
                {
                    systemNotes.Add(note);
                }
                else if (!rules.IsService(note.Author))
                {
                    signals.Add(GitLabSignals.Note(projectId, iid, thread.Id, note.Id, note.Author.Username, note.Body));
                }
            }

            var first = thread.Notes[0];
            if (!thread.IndividualNote && thread.IsResolved
                && thread.Notes.FirstOrDefault(n => n.Resolvable)?.ResolvedBy is { } resolver && !rules.IsService(resolver))
            {
                signals.Add(GitLabSignals.Resolved(projectId, iid, thread.Id, resolver.Username));
            }

            foreach (var award in awardsByNote.GetValueOrDefault(first.Id) ?? [])
            {
                if (award.AwardableType != "Note" || award.AwardableId != first.Id || rules.IsService(award.User))
                {
                    continue;
                }

                if (award.Name == rules.ApprovalEmoji)
                {
                    signals.Add(GitLabSignals.ApprovalEmoji(projectId, iid, first.Id, award.Id, award.User.Username, award.Name));
                }

                if (award.Name == rules.DoneEmoji)
                {
                    signals.Add(GitLabSignals.DoneEmoji(projectId, iid, thread.Id, award.Id, award.User.Username, award.Name));
                }
            }
        }

        if (issue.IsClosed)
        {
            signals.Add(GitLabSignals.Closed(projectId, iid, issue.ClosedAt ?? issue.UpdatedAt ?? issue.CreatedAt, issue.ClosedBy?.Username));
        }

        // GitLab's own notes date the last reopening and description edit, at the issue's updated_at of that change,
        // which is what the Issue Hook's delivery key carries.
        if (Latest(systemNotes, "reopened") is { } reopened)
        {
            signals.Add(GitLabSignals.Reopened(projectId, iid, reopened.CreatedAt, reopened.Author.Username));
        }

        if (Latest(systemNotes, "changed the description") is { } edited)
        {
            signals.Add(GitLabSignals.Description(projectId, iid, edited.CreatedAt, edited.Author.Username, issue.Description));
        }

        return signals;
    }

    private static GitLabNote? Latest(List<GitLabNote> systemNotes, string text) =>
        systemNotes.Where(n => n.Body.StartsWith(text, StringComparison.Ordinal)).MaxBy(n => n.CreatedAt);
}
