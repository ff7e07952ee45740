using Microsoft.AspNetCore.Http;
namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// Team members acting on an issue, for tests and the sandbox: each call changes the state as that person would in the
/// GitLab UI (with the same permission checks) and sends the same webhook. <c>project</c> defaults to
/// <see cref="IssueProject"/>.
/// </summary>
public sealed partial class FakeGitLab
{
    /// <summary>The project people act in when a call names none (the first project added, unless set).</summary>
    public string? IssueProject { get; set; }

    public Task<FakeGitLabNote> CommentAsync(long issueIid, string username, string body, string? project = null) =>
        Act(username, project, issueIid, (actor, p, issue) => AddNote(actor, p, issue, body, replyTo: null, thread: false).Note);

    public Task<FakeGitLabDiscussion> StartThreadAsync(long issueIid, string username, string body, string? project = null) =>
        Act(username, project, issueIid, (actor, p, issue) => AddNote(actor, p, issue, body, replyTo: null, thread: true).Discussion);

    public Task<FakeGitLabNote> ReplyAsync(long issueIid, string discussionId, string username, string body, string? project = null) =>
        Act(username, project, issueIid, (actor, p, issue) => AddNote(actor, p, issue, body, discussionId, thread: true).Note);

    /// <summary>Awards an emoji on the issue, or on one of its notes when <paramref name="noteId"/> is given.</summary>
    public Task<FakeGitLabAward> AwardEmojiAsync(long issueIid, string username, string emoji, long? noteId = null, string? project = null) =>
        Act(username, project, issueIid, (actor, p, issue) => Award(actor, p, issue, noteId, emoji));

    public Task<FakeGitLabDiscussion> ResolveThreadAsync(long issueIid, string discussionId, string username, bool resolved = true, string? project = null) =>
        Act(username, project, issueIid, (actor, p, issue) => Resolve(actor, p, issue, discussionId, resolved));

    public Task<FakeGitLabIssue> EditDescriptionAsync(long issueIid, string username, string description, string? project = null) =>
        Act(username, project, issueIid, (actor, p, issue) =>
        {
            UpdateIssue(actor, p, issue, new IssueUpdate(Description: description));
            return issue;
        });

    public Task<FakeGitLabIssue> CloseIssueAsync(long issueIid, string username, string? project = null) =>
        Act(username, project, issueIid, (actor, p, issue) =>
        {
            UpdateIssue(actor, p, issue, new IssueUpdate(StateEvent: "close"));
            return issue;
        });

    public Task<FakeGitLabIssue> ReopenIssueAsync(long issueIid, string username, string? project = null) =>
        Act(username, project, issueIid, (actor, p, issue) =>
        {
            UpdateIssue(actor, p, issue, new IssueUpdate(StateEvent: "reopen"));
            return issue;
        });

    /// <summary>Runs a person's action under the lock; refusals surface as <see cref="FakeGitLabException"/>.</summary>
    private Task<T> Act<T>(string username, string? project, long issueIid, Func<FakeGitLabUser, FakeGitLabProject, FakeGitLabIssue, T> action)
    {
        lock (gate)
        {
            var actor = RequireUser(username);
            var p = ProjectFor(actor, project ?? IssueProject ?? projects.Values.OrderBy(x => x.Id).FirstOrDefault()?.PathWithNamespace
                ?? throw new InvalidOperationException("The simulated GitLab has no project yet."));
            return Task.FromResult(action(actor, p, IssueFor(actor, p, issueIid)));
        }
    }
}
