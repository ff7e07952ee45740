using Microsoft.AspNetCore.Http;
namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// The webhook payloads, shaped like GitLab's: notes and issues of a confidential issue go out as the
/// <c>Confidential Note Hook</c> / <c>Confidential Issue Hook</c> twins (event_type confidential_note/confidential_issue).
/// </summary>
public sealed partial class FakeGitLab
{
    private object RepositoryShape(FakeGitLabProject project) => new
    {
        name = project.Name,
        url = $"{WebUrl(project)}.git",
        description = "",
        homepage = WebUrl(project),
    };

    private void QueueIssueHook(FakeGitLabUser actor, FakeGitLabProject project, FakeGitLabIssue issue, string action, Dictionary<string, object?> changes)
    {
        var payload = new
        {
            object_kind = "issue",
            event_type = issue.Confidential ? "confidential_issue" : "issue",
            user = HookUserShape(actor),
            project = ProjectHookShape(project),
            object_attributes = IssueHookAttributes(project, issue, action),
            labels = issue.Labels.Select(LabelShape).ToList(),
            changes,
            repository = RepositoryShape(project),
            assignees = issue.AssigneeIds.Where(users.ContainsKey).Select(id => HookUserShape(users[id])).ToList(),
        };
        Webhooks.Enqueue(issue.Confidential ? "Confidential Issue Hook" : "Issue Hook", payload);
    }

    private object NoteHookAttributes(FakeGitLabProject project, FakeGitLabIssue issue, FakeGitLabDiscussion discussion, FakeGitLabNote note, string? action) => new
    {
        id = note.Id,
        note = note.Body,
        description = note.Body,
        noteable_type = "Issue",
        noteable_id = issue.Id,
        author_id = note.AuthorId,
        project_id = project.Id,
        created_at = Iso(note.CreatedAt),
        updated_at = Iso(note.UpdatedAt),
        system = note.System,
        type = discussion.IndividualNote ? null : "DiscussionNote",
        discussion_id = discussion.Id,
        resolved_at = Iso(note.ResolvedAt),
        resolved_by_id = note.ResolvedById,
        confidential = false,
        @internal = false,
        url = $"{IssueUrl(project, issue)}#note_{note.Id}",
        action,
    };

    private void QueueNoteHook(FakeGitLabUser actor, FakeGitLabProject project, FakeGitLabIssue issue, FakeGitLabDiscussion discussion, FakeGitLabNote note, string action)
    {
        var payload = new
        {
            object_kind = "note",
            event_type = issue.Confidential ? "confidential_note" : "note",
            user = HookUserShape(actor),
            project_id = project.Id,
            project = ProjectHookShape(project),
            object_attributes = NoteHookAttributes(project, issue, discussion, note, action),
            repository = RepositoryShape(project),
            issue = IssueHookAttributes(project, issue, null),
        };
        Webhooks.Enqueue(issue.Confidential ? "Confidential Note Hook" : "Note Hook", payload);
    }

    private void QueueEmojiHook(FakeGitLabUser actor, FakeGitLabProject project, FakeGitLabIssue issue,
        FakeGitLabDiscussion? discussion, FakeGitLabNote? note, FakeGitLabAward award)
    {
        var payload = new
        {
            object_kind = "emoji",
            event_type = "award",
            user = HookUserShape(actor),
            project_id = project.Id,
            project = ProjectHookShape(project),
            object_attributes = new
            {
                id = award.Id,
                name = award.Name,
                user_id = award.UserId,
                awardable_type = award.AwardableType,
                awardable_id = award.AwardableId,
                created_at = Iso(award.CreatedAt),
                updated_at = Iso(award.CreatedAt),
            },
            note = note is null || discussion is null ? null : NoteHookAttributes(project, issue, discussion, note, null),
            issue = IssueHookAttributes(project, issue, null),
        };
        Webhooks.Enqueue("Emoji Hook", payload);
    }
}
