using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Connections;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Vendors.Calendly;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Calendly;

/// <summary>The Calendly audit: the organisation's memberships.</summary>
public sealed class CalendlyAudit(
    CalendlyClient client, IConfiguration configuration, IOptionsMonitor<CalendlyOptions> vendorOptions, ConnectionProbe probe, TimeProvider clock)
    : IAuditRegistration
{
    public static AuditDescriptor Declared { get; } = new(
        AuditKind.Calendly, "Calendly", "Calendly", "Calendly:Token", "calendly-quarterly", "calendly-semiannual")
    {
        Settings = [new("Audits__Calendly__AdminTitlePattern", () => new CalendlyAuditOptions().AdminTitlePattern)],
        TeamFields = [CalendlyTeamField.Field],
    };

    public AuditDescriptor Descriptor => Declared;

    public async Task<AuditResult> RunAsync(SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        progress?.Report("Reading Calendly organisation memberships");
        var snapshot = await client.FetchSnapshotAsync(cancellationToken);
        var findings = CalendlyChecks.Run(team, snapshot, configuration.GetSection(Declared.Section).Get<CalendlyAuditOptions>() ?? new());
        return new AuditResult(Declared.Key, team, findings, AuditReport.Calendly(team, snapshot, findings))
        {
            Accounts = VendorAccounts.Calendly(snapshot, client.ApiRoot, clock.GetUtcNow()),
        };
    }

    public async Task<JsonObject> ReadAccountsAsync(Func<CancellationToken, Task<SupportTeam.SupportTeam>> team, CancellationToken cancellationToken) =>
        VendorAccounts.Calendly(await client.FetchSnapshotAsync(cancellationToken), client.ApiRoot, clock.GetUtcNow());

    public Task<ConnectionVerification> VerifyAsync(CancellationToken cancellationToken) =>
        CalendlyConnection.VerifyAsync(probe, Declared.Connection, vendorOptions.CurrentValue, cancellationToken);
}
