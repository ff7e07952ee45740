namespace AuditOrchestrator.Vendors.GitLab;

public sealed partial class GitLabClient
{
    /// <summary>A single (not threaded) note on the issue.</summary>
    public async Task<GitLabNote> CreateNoteAsync(long iid, string body, CancellationToken cancellationToken)
    {
        await notePacer.WaitTurnAsync(cancellationToken);
        return await SendJsonAsync<GitLabNote>(HttpMethod.Post, $"{IssuePath(iid)}/notes", new { body }, cancellationToken);
    }

    /// <summary>Every note of the issue, oldest first, system notes included.</summary>
    public Task<IReadOnlyList<GitLabNote>> ListNotesAsync(long iid, CancellationToken cancellationToken) =>
        GetAllPagesAsync<GitLabNote>($"{IssuePath(iid)}/notes?sort=asc&order_by=created_at", cancellationToken);

    /// <summary>Starts a thread; its first note can be replied to, resolved and awarded.</summary>
    public async Task<GitLabDiscussion> CreateDiscussionAsync(long iid, string body, CancellationToken cancellationToken)
    {
        await notePacer.WaitTurnAsync(cancellationToken);
        return await SendJsonAsync<GitLabDiscussion>(HttpMethod.Post, $"{IssuePath(iid)}/discussions", new { body }, cancellationToken);
    }

    public async Task<GitLabNote> ReplyAsync(long iid, string discussionId, string body, CancellationToken cancellationToken)
    {
        await notePacer.WaitTurnAsync(cancellationToken);
        return await SendJsonAsync<GitLabNote>(HttpMethod.Post,
            $"{IssuePath(iid)}/discussions/{Uri.EscapeDataString(discussionId)}/notes", new { body }, cancellationToken);
    }

    public Task<GitLabDiscussion> ResolveDiscussionAsync(long iid, string discussionId, bool resolved, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabDiscussion>(HttpMethod.Put,
            $"{IssuePath(iid)}/discussions/{Uri.EscapeDataString(discussionId)}?resolved={(resolved ? "true" : "false")}", null, cancellationToken);

    public Task<GitLabDiscussion> GetDiscussionAsync(long iid, string discussionId, CancellationToken cancellationToken) =>
        GetAsync<GitLabDiscussion>($"{IssuePath(iid)}/discussions/{Uri.EscapeDataString(discussionId)}", cancellationToken);

    /// <summary>Every thread of the issue (single notes are threads of one), across all pages.</summary>
    public Task<IReadOnlyList<GitLabDiscussion>> ListDiscussionsAsync(long iid, CancellationToken cancellationToken) =>
        GetAllPagesAsync<GitLabDiscussion>($"{IssuePath(iid)}/discussions", cancellationToken);

    public Task<IReadOnlyList<GitLabAwardEmoji>> ListIssueAwardsAsync(long iid, CancellationToken cancellationToken) =>
        GetAllPagesAsync<GitLabAwardEmoji>($"{IssuePath(iid)}/award_emoji", cancellationToken);

    public Task<IReadOnlyList<GitLabAwardEmoji>> ListNoteAwardsAsync(long iid, long noteId, CancellationToken cancellationToken) =>
        GetAllPagesAsync<GitLabAwardEmoji>($"{IssuePath(iid)}/notes/{noteId}/award_emoji", cancellationToken);

    public Task<GitLabAwardEmoji> AwardOnIssueAsync(long iid, string emoji, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabAwardEmoji>(HttpMethod.Post, $"{IssuePath(iid)}/award_emoji", new { name = emoji }, cancellationToken);

    public Task<GitLabAwardEmoji> AwardOnNoteAsync(long iid, long noteId, string emoji, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabAwardEmoji>(HttpMethod.Post, $"{IssuePath(iid)}/notes/{noteId}/award_emoji", new { name = emoji }, cancellationToken);
}
