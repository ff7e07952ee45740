using System.Net;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.GitLab;

public sealed partial class GitLabClient
{
    public Task<GitLabIssue> CreateIssueAsync(NewIssue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var body = new
        {
            title = issue.Title,
            description = issue.Description,
            labels = string.Join(',', issue.Labels ?? []),
            assignee_ids = issue.AssigneeIds ?? [],
            confidential = issue.Confidential,
        };
        return SendJsonAsync<GitLabIssue>(HttpMethod.Post, $"projects/{AuditProject}/issues", body, cancellationToken);
    }

    public Task<GitLabIssue> GetIssueAsync(long iid, CancellationToken cancellationToken) =>
        GetAsync<GitLabIssue>(IssuePath(iid), cancellationToken);

    public Task<GitLabIssue> UpdateDescriptionAsync(long iid, string description, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabIssue>(HttpMethod.Put, IssuePath(iid), new { description }, cancellationToken);

    /// <summary>Replaces every label of the issue.</summary>
    public Task<GitLabIssue> SetLabelsAsync(long iid, IEnumerable<string> labels, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabIssue>(HttpMethod.Put, IssuePath(iid), new { labels = string.Join(',', labels) }, cancellationToken);

    /// <summary>Adds and removes labels without touching the others (safe against a person editing labels meanwhile).</summary>
    public Task<GitLabIssue> ChangeLabelsAsync(long iid, IEnumerable<string> add, IEnumerable<string> remove, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabIssue>(HttpMethod.Put, IssuePath(iid),
            new { add_labels = string.Join(',', add), remove_labels = string.Join(',', remove) }, cancellationToken);

    public Task<GitLabIssue> CloseIssueAsync(long iid, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabIssue>(HttpMethod.Put, IssuePath(iid), new { state_event = "close" }, cancellationToken);

    public Task<GitLabIssue> ReopenIssueAsync(long iid, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabIssue>(HttpMethod.Put, IssuePath(iid), new { state_event = "reopen" }, cancellationToken);

    /// <summary>The content of the issue description's <c>## Notes</c> section, or null when it has none.</summary>
    public async Task<string?> ReadNotesSectionAsync(long iid, CancellationToken cancellationToken) =>
        IssueNotesSection.Read((await GetIssueAsync(iid, cancellationToken)).Description);

    /// <summary>
    /// Replaces the <c>## Notes</c> section of the description and keeps the rest. Read-modify-write: a person's edit
    /// between the read and the write is lost, so call it when the issue is new or the section is ours alone.
    /// </summary>
    public async Task<GitLabIssue> ReplaceNotesSectionAsync(long iid, string content, CancellationToken cancellationToken)
    {
        var issue = await GetIssueAsync(iid, cancellationToken);
        var description = IssueNotesSection.Replace(issue.Description, content);
        return description == issue.Description ? issue : await UpdateDescriptionAsync(iid, description, cancellationToken);
    }

    /// <summary>The text of <c>.gitlab/issue_templates/&lt;name&gt;.md</c> on the audit project's default branch.</summary>
    public Task<string> GetIssueTemplateAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return GetRawFileAsync(settings.AuditProject, $".gitlab/issue_templates/{name}.md", gitRef: null, cancellationToken);
    }

    /// <summary>The user with this username, or null when GitLab has none.</summary>
    public async Task<GitLabUser?> FindUserAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        var users = await GetAsync<List<GitLabUser>>($"users?username={Uri.EscapeDataString(username.TrimStart('@'))}", cancellationToken);
        return users.FirstOrDefault(u => string.Equals(u.Username, username.TrimStart('@'), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The user's membership of the audit project, inherited ones included; null when not a member.</summary>
    public async Task<GitLabMember?> GetAuditProjectMemberAsync(long userId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"projects/{AuditProject}/members/all/{userId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await response.ReadJsonAsync<GitLabMember>(Vendor, Json, cancellationToken);
    }

    /// <summary>
    /// Whether the person can see the issue (it may be confidential); false when they are not on GitLab. With the
    /// GitLab id the team data gives, one membership read answers; the username is looked up only when that id is
    /// unknown, is not a member, or belongs to someone else.
    /// </summary>
    public async Task<bool> CanSeeIssueAsync(string username, long? userId, GitLabIssue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        if (userId is { } id && await GetAuditProjectMemberAsync(id, cancellationToken) is { } known
            && string.Equals(known.Username, username.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
        {
            return IssueVisibility.CanSee(issue, new GitLabUser(known.Id, known.Username, known.Name, known.State), known);
        }

        var user = await FindUserAsync(username, cancellationToken);
        if (user is null)
        {
            return false;
        }

        // The id the team data gives was this user's and is no member: no need to ask again.
        var member = user.Id == userId ? null : await GetAuditProjectMemberAsync(user.Id, cancellationToken);
        return IssueVisibility.CanSee(issue, user, member);
    }
}
