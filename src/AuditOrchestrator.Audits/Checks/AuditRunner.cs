using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.SupportTeam;

namespace AuditOrchestrator.Audits.Checks;

/// <summary>
/// The outcome of one audit pass: the team it ran against, its findings, the markdown report and the vendor's account
/// list as read (<see cref="VendorAccounts"/>).
/// </summary>
public sealed record AuditResult(AuditKind Audit, SupportTeam.SupportTeam Team, IReadOnlyList<Finding> Findings, string Markdown)
{
    public JsonObject? Accounts { get; init; }
}

/// <summary>Fetch the team, then let the audit's registration read its vendor, run its checks and render its report. Reads only: it never writes to a vendor.</summary>
public sealed class AuditRunner(TeamSourceResolver teams, AuditRegistry registry)
{
    public Task<AuditResult> RunAsync(AuditKind audit, CancellationToken cancellationToken) =>
        RunAsync(audit, progress: null, cancellationToken);

    public async Task<AuditResult> RunAsync(AuditKind audit, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var registration = registry.Get(audit);
        progress?.Report("Loading the support team");
        var team = await teams.LoadAsync(cancellationToken);
        return await registration.RunAsync(team, progress, cancellationToken);
    }

    /// <summary>Runs against a team already loaded (a re-check within a run uses the run's team data).</summary>
    public Task<AuditResult> RunAsync(AuditKind audit, SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        return registry.Get(audit).RunAsync(team, progress, cancellationToken);
    }

    /// <summary>
    /// Reads the audit's vendor account list again (after the review and its removals), without running the checks.
    /// The PagerDuty list needs the team only for the rotations it names.
    /// </summary>
    public Task<JsonObject> ReadAccountsAsync(AuditKind audit, CancellationToken cancellationToken) =>
        registry.Get(audit).ReadAccountsAsync(teams.LoadAsync, cancellationToken);

    /// <summary>The pass's report with the sections the audit adds from the service's own records (<see cref="IAuditRegistration.RecordedSectionAsync"/>).</summary>
    public async Task<string> CompleteReportAsync(AuditResult pass, Guid? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return await registry.Get(pass.Audit).RecordedSectionAsync(runId, cancellationToken) is { } section
            ? pass.Markdown.TrimEnd() + "\n\n" + section
            : pass.Markdown;
    }
}
