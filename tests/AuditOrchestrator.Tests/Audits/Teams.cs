using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;

namespace AuditOrchestrator.Tests.Audits;

/// <summary>Builds a team from YAML text, the way the loader reads the real files.</summary>
internal static class Teams
{
    public static SupportTeam From(string yaml) => SupportTeamLoader.Parse("test", [new TeamFile("team.yaml", yaml)], AuditIntegrations.Shipped.TeamFields);
}
