using AuditOrchestrator.Audits.GitLab.Webhooks;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>A run as the audit_runs table keeps it. <see cref="Id"/> is the id of the run's audit instance.</summary>
public sealed record AuditRun(
    Guid Id,
    string Audit,
    string Kind,
    string Period,
    string? Som,
    AuditIssueRef? Issue,
    DateTimeOffset CreatedAt);

/// <summary>The run's GitLab issue.</summary>
public sealed record AuditIssueRef(long ProjectId, long Iid, string WebUrl)
{
    public string IssueKey => GitLabSignals.IssueKey(ProjectId, Iid);
}

public static class RunKinds
{
    public const string Scheduled = "scheduled";
    public const string Manual = "manual";
}
