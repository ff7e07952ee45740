namespace AuditOrchestrator.Audits.Workflows;

/// <summary><c>SupportOps__Managers</c>: the GitLab usernames of the Support Operations Managers, taken in turn per run.</summary>
public sealed class SupportOpsOptions
{
    public const string Section = "SupportOps";

    // Null rather than an empty list: the configuration binder appends to a pre-filled list.
    public List<string>? Managers { get; set; }
}

/// <summary>The part of the <c>Schedule</c> section a run needs: where the fiscal year starts (default February).</summary>
public sealed class FiscalOptions
{
    public const string Section = "Schedule";

    public int FiscalYearStartMonth { get; set; } = 2;
}
