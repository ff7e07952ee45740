using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;

namespace AuditOrchestrator.Audits.Registry;

/// <summary>
/// One audited tool: which audit it is, how one pass reads its vendor and runs its checks and report, and how its
/// account list is read again after the review. <see cref="AuditRegistry"/> collects every registration from DI.
/// </summary>
public interface IAuditRegistration
{
    AuditKind Audit { get; }

    /// <summary>One pass against a team already loaded: read the vendor (only read), run the checks, render the report.</summary>
    Task<AuditResult> RunAsync(SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken);

    /// <summary>The vendor's account list as read now, without the checks; <paramref name="team"/> loads the team when the list needs it.</summary>
    Task<JsonObject> ReadAccountsAsync(Func<CancellationToken, Task<SupportTeam.SupportTeam>> team, CancellationToken cancellationToken);
}
