namespace AuditOrchestrator.Audits.Workflows;

/// <summary><c>SupportOps__Managers</c>: the GitLab usernames of the Support Operations Managers, taken in turn per run.</summary>
public sealed class SupportOpsOptions
{
    public const string Section = "SupportOps";

    // Null rather than an empty list: the configuration binder appends to a pre-filled list.
    public List<string>? Managers { get; set; }
}
