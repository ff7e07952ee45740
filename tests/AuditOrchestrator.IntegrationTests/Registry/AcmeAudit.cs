using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Connections;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.SupportTeam;
using Microsoft.Extensions.Configuration;

namespace AuditOrchestrator.IntegrationTests.Registry;

/// <summary>
/// A fictitious fifth audit, added the way docs/adding-an-audit.md says and nowhere else: its key, descriptor and
/// registration here, and one <see cref="AuditRegistrations.AddAudit{T}"/> line in the host. Its "vendor" is the team
/// file itself: every member must name a region and their Acme account (<c>acme: { id }</c>, a per-person field the
/// registration declares and nothing outside this folder names).
/// </summary>
internal sealed class AcmeAudit(IConfiguration configuration) : IAuditRegistration
{
    public const string RegionMissing = "acme_region_missing";
    public const string AccountMissing = "acme_account_missing";

    /// <summary>A person's Acme account: <c>acme: { id }</c>.</summary>
    public sealed record AcmeEntry(string? Id);

    public static TeamField<AcmeEntry> Field { get; } = new("acme", value => value.AsMapping() is { } acme ? new AcmeEntry(acme.String("id")) : null);

    /// <summary>A team of two whose second member names no region: one finding.</summary>
    public const string Team = """
        - name: "Mona Som"
          email: msom@example.com
          title: "Support Operations Manager"
          region: EMEA
          gitlab: { id: 9100, username: msom }
          acme: { id: A-100 }
        - name: "Nora Nowhere"
          email: nora@example.com
          title: "Support Engineer"
          reports_to: "Mona Som"
          gitlab: { id: 9101, username: nora }
          acme: { id: A-101 }
        """;

    /// <summary>The one definition Acme runs: its <c>RunAudit</c> step.</summary>
    public const string Definition = """
        id: acme
        name: Acme access audit
        start: run-audit
        steps:
          - id: run-audit
            activity: RunAudit
            level: audit
            settings:
              audit: acme
        """;

    public static AuditDescriptor Declared { get; } = new(
        new AuditKind("acme", "Acme"), "Acme", "Acme Corp", "Acme:Token", "acme", "acme")
    {
        Settings = [new("Audits__Acme__Greeting", () => "hello")],
        TeamFields = [Field],
    };

    public AuditDescriptor Descriptor => Declared;

    public Task<AuditResult> RunAsync(AuditOrchestrator.Audits.SupportTeam.SupportTeam team, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        progress?.Report("Reading the regions and Acme accounts of the team");
        var findings = team.Members
            .Where(m => string.IsNullOrWhiteSpace(m.Region))
            .Select(m => new Finding(RegionMissing, m.Email, null, $"{m.Name} names no region.", "a region", "none"))
            .Concat(team.Members
                .Where(m => m.Account(Field)?.Id is null)
                .Select(m => new Finding(AccountMissing, m.Email, null, $"{m.Name} names no Acme account.", "an acme id", "none")))
            .ToList();
        var report = new StringBuilder("## Acme access audit\n\n");
        foreach (var finding in findings)
        {
            report.Append("- ").Append(finding.Message).Append('\n');
        }
        return Task.FromResult(new AuditResult(Declared.Key, team, findings, report.ToString()));
    }

    public Task<JsonObject> ReadAccountsAsync(Func<CancellationToken, Task<AuditOrchestrator.Audits.SupportTeam.SupportTeam>> team, CancellationToken cancellationToken) =>
        Task.FromResult(new JsonObject { ["accounts"] = new JsonArray() });

    /// <summary>Acme has no API to ask: its "Verify settings" says whether its token is set.</summary>
    public Task<ConnectionVerification> VerifyAsync(CancellationToken cancellationToken) =>
        Task.FromResult(string.IsNullOrWhiteSpace(configuration[Declared.TokenKey])
            ? ConnectionProbe.NotConfigured(Declared.Connection, "Acme__Token")
            : ConnectionProbe.Result(Declared.Connection, new Capability("token", true, "Acme takes any token; the team file is all it reads")));
}
