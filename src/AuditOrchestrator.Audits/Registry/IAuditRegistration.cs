using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Checks;

namespace AuditOrchestrator.Audits.Registry;

/// <summary>
/// One audited tool: what it is (<see cref="Descriptor"/>), how one pass reads its vendor and runs its checks and
/// report, and how its account list is read again after the review. Added with
/// <see cref="AuditRegistrations.AddAudit{T}"/>; <see cref="AuditRegistry"/> finds it by its key.
/// </summary>
public interface IAuditRegistration
{
    AuditDescriptor Descriptor { get; }

    AuditKind Audit => Descriptor.Key;

    /// <summary>One pass against a team already loaded: read the vendor (only read), run the checks, render the report.</summary>
    Task<AuditResult> RunAsync(SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken);

    /// <summary>The vendor's account list as read now, without the checks; <paramref name="team"/> loads the team when the list needs it.</summary>
    Task<JsonObject> ReadAccountsAsync(Func<CancellationToken, Task<SupportTeam.SupportTeam>> team, CancellationToken cancellationToken);

    /// <summary>
    /// "Verify settings" of the audit's vendor connection (<see cref="AuditDescriptor.Connection"/>; POST
    /// /api/connections/{name}/verify): a cheap read with the configured token, in plain words, never the token itself.
    /// </summary>
    Task<ConnectionVerification> VerifyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The report's sections that come from the service's own records rather than the vendor (PagerDuty: the admin
    /// changes since the last audit), appended to the report; null when the audit has none. <paramref name="runId"/> is
    /// the run's id, or null for a dry run, which has no run and may have no database.
    /// </summary>
    Task<string?> RecordedSectionAsync(Guid? runId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
