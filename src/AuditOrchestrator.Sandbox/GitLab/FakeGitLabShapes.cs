using Microsoft.AspNetCore.Http;
using System.Globalization;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>The simulated GitLab's JSON shapes, as GitLab's REST API and webhooks spell them (snake_case).</summary>
public sealed partial class FakeGitLab
{
    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? Iso(DateTimeOffset? at) => at is { } value ? Iso(value) : null;

    private string WebUrl(FakeGitLabProject project) => $"{BaseUrl}/{project.PathWithNamespace}";

    private string IssueUrl(FakeGitLabProject project, FakeGitLabIssue issue) => $"{WebUrl(project)}/-/issues/{issue.Iid}";

    private object UserShape(FakeGitLabUser user) => new
    {
        id = user.Id,
        username = user.Username,
        name = user.Name,
        state = user.State,
        avatar_url = (string?)null,
        web_url = $"{BaseUrl}/{user.Username}",
    };

    private object? UserShape(long? userId) => userId is { } id && users.TryGetValue(id, out var user) ? UserShape(user) : null;

    private object MemberShape(FakeGitLabUser user, int accessLevel) => new
    {
        id = user.Id,
        username = user.Username,
        name = user.Name,
        state = user.State,
        access_level = accessLevel,
        web_url = $"{BaseUrl}/{user.Username}",
    };

    private object IssueShape(FakeGitLabProject project, FakeGitLabIssue issue) => new
    {
        id = issue.Id,
        iid = issue.Iid,
        project_id = issue.ProjectId,
        title = issue.Title,
        description = issue.Description,
        state = issue.State,
        created_at = Iso(issue.CreatedAt),
        updated_at = Iso(issue.UpdatedAt),
        closed_at = Iso(issue.ClosedAt),
        closed_by = UserShape(issue.ClosedById),
        labels = issue.Labels,
        assignees = issue.AssigneeIds.Select(id => UserShape(id)).Where(u => u is not null).ToList(),
        author = UserShape(issue.AuthorId),
        confidential = issue.Confidential,
        web_url = IssueUrl(project, issue),
        user_notes_count = issue.Notes.Count(n => !n.System),
        upvotes = issue.Awards.Count(a => a.Name == "thumbsup"),
        downvotes = issue.Awards.Count(a => a.Name == "thumbsdown"),
        references = new { full = $"{project.PathWithNamespace}#{issue.Iid}" },
    };

    private object NoteShape(FakeGitLabIssue issue, FakeGitLabDiscussion discussion, FakeGitLabNote note) => new
    {
        id = note.Id,
        type = discussion.IndividualNote ? null : "DiscussionNote",
        body = note.Body,
        author = UserShape(note.AuthorId),
        created_at = Iso(note.CreatedAt),
        updated_at = Iso(note.UpdatedAt),
        system = note.System,
        noteable_id = issue.Id,
        noteable_type = "Issue",
        noteable_iid = issue.Iid,
        project_id = issue.ProjectId,
        resolvable = note.Resolvable,
        resolved = note.Resolvable && note.Resolved,
        resolved_by = UserShape(note.ResolvedById),
        resolved_at = Iso(note.ResolvedAt),
        confidential = false,
        @internal = false,
    };

    private object DiscussionShape(FakeGitLabIssue issue, FakeGitLabDiscussion discussion) => new
    {
        id = discussion.Id,
        individual_note = discussion.IndividualNote,
        notes = discussion.Notes.Select(n => NoteShape(issue, discussion, n)).ToList(),
    };

    private object AwardShape(FakeGitLabAward award) => new
    {
        id = award.Id,
        name = award.Name,
        user = UserShape(award.UserId),
        created_at = Iso(award.CreatedAt),
        updated_at = Iso(award.CreatedAt),
        awardable_id = award.AwardableId,
        awardable_type = award.AwardableType,
    };

    private object ProjectHookShape(FakeGitLabProject project) => new
    {
        id = project.Id,
        name = project.Name,
        web_url = WebUrl(project),
        path_with_namespace = project.PathWithNamespace,
        @namespace = project.PathWithNamespace.Contains('/', StringComparison.Ordinal)
            ? project.PathWithNamespace[..project.PathWithNamespace.LastIndexOf('/')]
            : project.PathWithNamespace,
        default_branch = project.DefaultBranch,
        visibility_level = 0,
        http_url = $"{WebUrl(project)}.git",
    };

    private object HookUserShape(FakeGitLabUser user) => new
    {
        id = user.Id,
        name = user.Name,
        username = user.Username,
        avatar_url = (string?)null,
        email = "[REDACTED]",
    };

    /// <summary>An issue as webhooks carry it: the issue's own columns, not the REST shape.</summary>
    private object IssueHookAttributes(FakeGitLabProject project, FakeGitLabIssue issue, string? action) => new
    {
        id = issue.Id,
        iid = issue.Iid,
        project_id = issue.ProjectId,
        title = issue.Title,
        description = issue.Description,
        state = issue.State,
        state_id = issue.State == "closed" ? 2 : 1,
        confidential = issue.Confidential,
        author_id = issue.AuthorId,
        assignee_ids = issue.AssigneeIds,
        assignee_id = issue.AssigneeIds.Count > 0 ? issue.AssigneeIds[0] : (long?)null,
        labels = issue.Labels.Select(LabelShape).ToList(),
        created_at = Iso(issue.CreatedAt),
        updated_at = Iso(issue.UpdatedAt),
        closed_at = Iso(issue.ClosedAt),
        url = IssueUrl(project, issue),
        action,
    };

    private static object LabelShape(string title) => new { title, type = "ProjectLabel" };
}
