using System.Globalization;
using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.GitLab.Webhooks;

/// <summary>
/// The GitLab → workflow signal contract (docs: signal-contract in the README): names, correlation keys, delivery keys
/// and payloads. Delivery keys name the GitLab object, not the transport, so a webhook and the reconciliation that
/// finds the same object produce the same signal and the inbox keeps one.
/// </summary>
public static class GitLabSignals
{
    public const string Answer = "gitlab.answer";
    public const string Approval = "gitlab.approval";
    public const string IssueClosed = "gitlab.issue-closed";
    public const string IssueReopened = "gitlab.issue-reopened";
    public const string IssueDescription = "gitlab.issue-description";

    public static string ThreadKey(long projectId, long iid, string discussionId) => $"gitlab-thread:{projectId}:{iid}:{discussionId}";

    public static string NoteKey(long projectId, long iid, long noteId) => $"gitlab-note:{projectId}:{iid}:{noteId}";

    public static string IssueKey(long projectId, long iid) => $"gitlab-issue:{projectId}:{iid}";

    /// <summary>Every correlation key of the issue is one of these, or one of these followed by ':' and more.</summary>
    public static IEnumerable<string> KeyPrefixes(long projectId, long iid) =>
        [$"gitlab-thread:{projectId}:{iid}", $"gitlab-note:{projectId}:{iid}", IssueKey(projectId, iid)];

    /// <summary>
    /// A time as it goes into a delivery key: UTC, whole seconds. Webhooks write "2026-11-22 02:28:00 UTC" or ISO with
    /// milliseconds and the API ISO with milliseconds; cutting to seconds makes both name the same change.
    /// </summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static Signal Note(long projectId, long iid, string discussionId, long noteId, string author, string body) =>
        new($"gitlab:note:{noteId}", Answer, ThreadKey(projectId, iid, discussionId),
            new JsonObject { ["kind"] = "note", ["author"] = author, ["noteId"] = noteId, ["body"] = body }, author);

    public static Signal DoneEmoji(long projectId, long iid, string discussionId, long awardId, string author, string emoji) =>
        new($"gitlab:award:{awardId}", Answer, ThreadKey(projectId, iid, discussionId),
            new JsonObject { ["kind"] = "emoji", ["author"] = author, ["emoji"] = emoji }, author);

    public static Signal Resolved(long projectId, long iid, string discussionId, string author) =>
        new($"gitlab:resolved:{discussionId}", Answer, ThreadKey(projectId, iid, discussionId),
            new JsonObject { ["kind"] = "resolved", ["author"] = author }, author);

    public static Signal ApprovalEmoji(long projectId, long iid, long noteId, long awardId, string author, string emoji) =>
        new($"gitlab:award:{awardId}", Approval, NoteKey(projectId, iid, noteId),
            new JsonObject { ["author"] = author, ["emoji"] = emoji }, author);

    public static Signal Closed(long projectId, long iid, DateTimeOffset closedAt, string? author) =>
        new($"gitlab:closed:{projectId}:{iid}:{Stamp(closedAt)}", IssueClosed, IssueKey(projectId, iid),
            new JsonObject { ["author"] = author, ["at"] = closedAt }, author);

    public static Signal Reopened(long projectId, long iid, DateTimeOffset updatedAt, string? author) =>
        new($"gitlab:reopened:{projectId}:{iid}:{Stamp(updatedAt)}", IssueReopened, IssueKey(projectId, iid),
            new JsonObject { ["author"] = author, ["at"] = updatedAt }, author);

    /// <summary>
    /// Keyed by the edit's time and a digest of the new text: two edits within one second are two signals, and the
    /// webhook and the reconciliation (which reads the current text) still name the latest edit alike.
    /// </summary>
    public static Signal Description(long projectId, long iid, DateTimeOffset updatedAt, string? author, string? description) =>
        new($"gitlab:description:{projectId}:{iid}:{Stamp(updatedAt)}:{Digest(description)}", IssueDescription, IssueKey(projectId, iid),
            new JsonObject { ["author"] = author, ["description"] = description }, author);

    private static string Digest(string? text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text ?? "")))[..12];
}
