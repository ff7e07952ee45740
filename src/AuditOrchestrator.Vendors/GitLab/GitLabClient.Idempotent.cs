namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>
/// At-least-once posting: every note carries a hidden <see cref="IdempotencyMarker"/>, and a retry after a crash (or
/// after a lost response) looks for it before posting, so it finds the first post instead of making a second. A caller
/// that knows no earlier attempt started (<c>mayExist: false</c>, from the workflow's record of effect attempts) posts
/// without looking: the look is a read of every thread of the issue, and an audit makes one post per person and round.
/// Only what the service's own user wrote counts: anyone who can comment can copy a marker (they are predictable), and
/// a copy must never stand in for the service's note.
/// </summary>
public sealed partial class GitLabClient
{
    /// <summary>The service's note carrying <paramref name="key"/> on the issue, with its thread; null when none was posted.</summary>
    public async Task<KeyedNote?> FindNoteByKeyAsync(long iid, string key, CancellationToken cancellationToken)
    {
        var me = await self.UserAsync(cancellationToken);
        var discussions = await ListDiscussionsAsync(iid, cancellationToken);
        return FindByKey(discussions, key, me);
    }

    internal static KeyedNote? FindByKey(IEnumerable<GitLabDiscussion> discussions, string key, GitLabUser me) =>
        discussions
            .SelectMany(d => d.Notes.Select(n => new KeyedNote(d.Id, n)))
            .FirstOrDefault(k => !k.Note.System && GitLabSelf.IsSelf(me, k.Note.Author) && IdempotencyMarker.Carries(k.Note.Body, key));

    /// <summary>
    /// The audit project's issue (open or closed) that the service opened with <paramref name="key"/> in its
    /// description; null when none. GitLab's search narrows the list; author and marker are checked here.
    /// </summary>
    public async Task<GitLabIssue?> FindIssueByKeyAsync(string key, CancellationToken cancellationToken)
    {
        var me = await self.UserAsync(cancellationToken);
        var marker = IdempotencyMarker.Embed("", key).Trim();
        var issues = await GetAllPagesAsync<GitLabIssue>(
            $"projects/{AuditProject}/issues?state=all&in=description&search={Uri.EscapeDataString(key)}", cancellationToken);
        return issues.OrderBy(i => i.Iid)
            .FirstOrDefault(i => GitLabSelf.IsSelf(me, i.Author) && i.Description?.Contains(marker, StringComparison.Ordinal) == true);
    }

    /// <summary>Creates the issue with the key marked in its description, unless an issue with that key exists.</summary>
    public Task<GitLabIssue> CreateIssueOnceAsync(string key, NewIssue issue, CancellationToken cancellationToken) =>
        CreateIssueOnceAsync(key, issue, mayExist: true, cancellationToken);

    /// <summary>As above; looks for an earlier issue only when <paramref name="mayExist"/>.</summary>
    public async Task<GitLabIssue> CreateIssueOnceAsync(string key, NewIssue issue, bool mayExist, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var marked = issue with { Description = IdempotencyMarker.Embed(issue.Description, key) };
        if (mayExist && await FindIssueByKeyAsync(key, cancellationToken) is { } existing)
        {
            return existing;
        }

        // If the process dies after this POST, the next attempt's lookup above finds the issue.
        return await CreateIssueAsync(marked, cancellationToken);
    }

    /// <summary>Starts a thread with the marked body unless a note with the key already exists; returns the thread's keyed note.</summary>
    public Task<KeyedNote> CreateDiscussionOnceAsync(long iid, string key, string body, CancellationToken cancellationToken) =>
        CreateDiscussionOnceAsync(iid, key, body, mayExist: true, cancellationToken);

    /// <summary>As above; looks for an earlier note only when <paramref name="mayExist"/>.</summary>
    public Task<KeyedNote> CreateDiscussionOnceAsync(long iid, string key, string body, bool mayExist, CancellationToken cancellationToken) =>
        PostOnceAsync(iid, key, body, mayExist, async marked =>
        {
            var discussion = await CreateDiscussionAsync(iid, marked, cancellationToken);
            return new KeyedNote(discussion.Id, discussion.Notes[0]);
        }, cancellationToken);

    /// <summary>Posts a single note with the marked body unless a note with the key already exists.</summary>
    public Task<KeyedNote> CreateNoteOnceAsync(long iid, string key, string body, CancellationToken cancellationToken) =>
        CreateNoteOnceAsync(iid, key, body, mayExist: true, cancellationToken);

    /// <summary>As above; looks for an earlier note only when <paramref name="mayExist"/>.</summary>
    public Task<KeyedNote> CreateNoteOnceAsync(long iid, string key, string body, bool mayExist, CancellationToken cancellationToken) =>
        PostOnceAsync(iid, key, body, mayExist, async marked =>
        {
            var note = await CreateNoteAsync(iid, marked, cancellationToken);
            // A single note is a thread of one; its discussion id comes only from the discussions list.
            return await FindNoteByKeyAsync(iid, key, cancellationToken) ?? new KeyedNote("", note);
        }, cancellationToken);

    private async Task<KeyedNote> PostOnceAsync(long iid, string key, string body, bool mayExist, Func<string, Task<KeyedNote>> post, CancellationToken cancellationToken)
    {
        if (mayExist && await FindNoteByKeyAsync(iid, key, cancellationToken) is { } existing)
        {
            return existing;
        }
        // If the process dies after the post, the next attempt's lookup above finds the note.
        return await post(IdempotencyMarker.Embed(body, key));
    }

    /// <summary>Replies on a thread with the marked body unless a note with the key already exists on that thread.</summary>
    public Task<KeyedNote> ReplyOnceAsync(long iid, string discussionId, string key, string body, CancellationToken cancellationToken) =>
        ReplyOnceAsync(iid, discussionId, key, body, mayExist: true, cancellationToken);

    /// <summary>As above; reads the thread for an earlier reply only when <paramref name="mayExist"/>.</summary>
    public async Task<KeyedNote> ReplyOnceAsync(long iid, string discussionId, string key, string body, bool mayExist, CancellationToken cancellationToken)
    {
        var marked = IdempotencyMarker.Embed(body, key);
        if (mayExist)
        {
            // A reply can only be on its own thread: one thread is read, not the whole issue.
            var me = await self.UserAsync(cancellationToken);
            if (FindByKey([await GetDiscussionAsync(iid, discussionId, cancellationToken)], key, me) is { } existing)
            {
                return existing;
            }
        }

        var note = await ReplyAsync(iid, discussionId, marked, cancellationToken);
        return new KeyedNote(discussionId, note);
    }
}
