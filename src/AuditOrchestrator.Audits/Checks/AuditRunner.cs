using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Calendly;
using AuditOrchestrator.Audits.PagerDuty;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Audits.Zendesk;
using AuditOrchestrator.Vendors.Calendly;
using AuditOrchestrator.Vendors.PagerDuty;
using AuditOrchestrator.Vendors.Zendesk;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Checks;

/// <summary>
/// The outcome of one audit pass: the team it ran against, its findings, the markdown report and the vendor's account
/// list as read (<see cref="VendorAccounts"/>).
/// </summary>
public sealed record AuditResult(AuditKind Audit, SupportTeam.SupportTeam Team, IReadOnlyList<Finding> Findings, string Markdown)
{
    public JsonObject? Accounts { get; init; }
}

/// <summary>Fetch the team and the vendor snapshot, run the checks, render the report. Reads only: it never writes to a vendor.</summary>
public sealed class AuditRunner(
    TeamSourceResolver teams,
    PagerDutyClient pagerDuty,
    CalendlyClient calendly,
    ZendeskClients zendesk,
    IOptions<AuditOptions> options,
    TimeProvider clock)
{
    public Task<AuditResult> RunAsync(AuditKind audit, CancellationToken cancellationToken) =>
        RunAsync(audit, progress: null, cancellationToken);

    public async Task<AuditResult> RunAsync(AuditKind audit, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report("Loading the support team");
        var team = await teams.LoadAsync(cancellationToken);
        return await RunAsync(audit, team, progress, cancellationToken);
    }

    /// <summary>Runs against a team already loaded (a re-check within a run uses the run's team data).</summary>
    public async Task<AuditResult> RunAsync(AuditKind audit, SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var settings = options.Value;
        switch (audit)
        {
            case AuditKind.PagerDuty:
            {
                progress?.Report("Reading PagerDuty users and schedules");
                var rotations = team.Members.SelectMany(m => m.PagerDuty?.Rotations ?? []);
                var snapshot = await pagerDuty.FetchSnapshotAsync(rotations, cancellationToken);
                var findings = PagerDutyChecks.Run(team, snapshot, settings.PagerDuty);
                return new AuditResult(audit, team, findings, AuditReport.PagerDuty(team, snapshot, findings, settings.PagerDuty))
                {
                    Accounts = VendorAccounts.PagerDuty(snapshot, pagerDuty.ApiRoot, clock.GetUtcNow()),
                };
            }

            case AuditKind.Calendly:
            {
                progress?.Report("Reading Calendly organisation memberships");
                var snapshot = await calendly.FetchSnapshotAsync(cancellationToken);
                var findings = CalendlyChecks.Run(team, snapshot, settings.Calendly);
                return new AuditResult(audit, team, findings, AuditReport.Calendly(team, snapshot, findings))
                {
                    Accounts = VendorAccounts.Calendly(snapshot, calendly.ApiRoot, clock.GetUtcNow()),
                };
            }

            case AuditKind.Zendesk or AuditKind.ZendeskUsFederal:
            {
                var instance = audit.ZendeskInstanceOf()!.Value;
                progress?.Report($"Reading Zendesk {instance.InstanceName()} agents, roles and groups");
                var client = zendesk.For(instance);
                var snapshot = await client.FetchSnapshotAsync(cancellationToken);
                var findings = ZendeskChecks.Run(team, instance, snapshot);
                return new AuditResult(audit, team, findings, AuditReport.Zendesk(team, instance, snapshot, findings))
                {
                    Accounts = VendorAccounts.Zendesk(snapshot, instance, client.ApiRoot, clock.GetUtcNow()),
                };
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(audit), audit, null);
        }
    }

    /// <summary>
    /// Reads the audit's vendor account list again (after the review and its removals), without running the checks.
    /// The PagerDuty list needs the team only for the rotations it names.
    /// </summary>
    public async Task<JsonObject> ReadAccountsAsync(AuditKind audit, CancellationToken cancellationToken)
    {
        switch (audit)
        {
            case AuditKind.PagerDuty:
                var team = await teams.LoadAsync(cancellationToken);
                var snapshot = await pagerDuty.FetchSnapshotAsync(team.Members.SelectMany(m => m.PagerDuty?.Rotations ?? []), cancellationToken);
                return VendorAccounts.PagerDuty(snapshot, pagerDuty.ApiRoot, clock.GetUtcNow());
            case AuditKind.Calendly:
                return VendorAccounts.Calendly(await calendly.FetchSnapshotAsync(cancellationToken), calendly.ApiRoot, clock.GetUtcNow());
            default:
                var instance = audit.ZendeskInstanceOf() ?? throw new ArgumentOutOfRangeException(nameof(audit), audit, null);
                var client = zendesk.For(instance);
                return VendorAccounts.Zendesk(await client.FetchSnapshotAsync(cancellationToken), instance, client.ApiRoot, clock.GetUtcNow());
        }
    }
}
