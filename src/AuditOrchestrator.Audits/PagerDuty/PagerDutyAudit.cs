using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Vendors.PagerDuty;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.Audits.PagerDuty;

/// <summary>The PagerDuty audit: users and the schedules the team's rotations name.</summary>
public sealed class PagerDutyAudit(PagerDutyClient client, IConfiguration configuration, TimeProvider clock, IServiceProvider services)
    : IAuditRegistration
{
    public static AuditDescriptor Declared { get; } = new(
        AuditKind.PagerDuty, "PagerDuty", "PagerDuty", "PagerDuty:Token", "pagerduty-quarterly", "pagerduty-semiannual")
    {
        Settings = [new("Audits__PagerDuty__ExemptTitles", () => string.Join(", ", new PagerDutyAuditOptions().EffectiveExemptTitles))],
        TeamFields = [PagerDutyTeamField.Field],
    };

    public AuditDescriptor Descriptor => Declared;

    public async Task<AuditResult> RunAsync(SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var settings = configuration.GetSection(Declared.Section).Get<PagerDutyAuditOptions>() ?? new();
        progress?.Report("Reading PagerDuty users and schedules");
        var snapshot = await client.FetchSnapshotAsync(Rotations(team), cancellationToken);
        var findings = PagerDutyChecks.Run(team, snapshot, settings);
        return new AuditResult(Declared.Key, team, findings, AuditReport.PagerDuty(team, snapshot, findings, settings))
        {
            Accounts = VendorAccounts.PagerDuty(snapshot, client.ApiRoot, clock.GetUtcNow()),
        };
    }

    public async Task<JsonObject> ReadAccountsAsync(Func<CancellationToken, Task<SupportTeam.SupportTeam>> team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var snapshot = await client.FetchSnapshotAsync(Rotations(await team(cancellationToken)), cancellationToken);
        return VendorAccounts.PagerDuty(snapshot, client.ApiRoot, clock.GetUtcNow());
    }

    /// <summary>
    /// The admin changes since the last audit, read (only read) from the PagerDuty audit records the service collected
    /// in its database. A dry run has no run ("the last audit" is the latest PagerDuty run) and may have no database:
    /// then one line says the section is left out and why.
    /// </summary>
    public async Task<string?> RecordedSectionAsync(Guid? runId, CancellationToken cancellationToken)
    {
        if (runId is { } run)
        {
            return services.GetService<AdminChanges>() is { } adminChanges ? await adminChanges.SectionAsync(run, cancellationToken) : null;
        }
        if (string.IsNullOrWhiteSpace(services.GetService<IConfiguration>()?.GetConnectionString("Postgres")))
        {
            return AdminChangesReport.Render(null,
                "Left out of this dry run: no database is configured (ConnectionStrings__Postgres), and the admin changes come from the "
                + "PagerDuty audit records the service collects there. Set it to the service's database to include them.");
        }
        try
        {
            return await services.GetRequiredService<AdminChanges>().SectionAsync(Guid.Empty, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return AdminChangesReport.Render(null,
                $"Left out of this dry run: the service's database could not be read ({e.Message.ReplaceLineEndings(" ")}).");
        }
    }

    /// <summary>Users, schedules and audit records, each read once with the configured token (<see cref="PagerDutyVerifier"/>).</summary>
    public Task<ConnectionVerification> VerifyAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<PagerDutyVerifier>().VerifyAsync(cancellationToken);

    private static IEnumerable<string> Rotations(SupportTeam.SupportTeam team) =>
        team.Members.SelectMany(m => m.PagerDuty()?.Rotations ?? []);
}
