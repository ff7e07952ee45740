namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>Who can read an audit issue, so nobody is pinged on an issue they cannot open.</summary>
public static class IssueVisibility
{
    /// <summary>
    /// Audit projects are private: only members see issues; a confidential one needs Reporter or above, or being
    /// its author or an assignee. Blocked or deactivated users see nothing.
    /// </summary>
    public static bool CanSee(GitLabIssue issue, GitLabUser user, GitLabMember? member)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(user);
        if (user.State is { } state && state != "active")
        {
            return false;
        }

        if (member is null)
        {
            return false;
        }

        return !issue.Confidential
            || member.CanSeeConfidentialIssues
            || issue.Author?.Id == user.Id
            || issue.Assignees.Any(a => a.Id == user.Id);
    }
}
