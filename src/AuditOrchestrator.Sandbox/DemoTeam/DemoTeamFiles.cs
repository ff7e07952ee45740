using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;

namespace AuditOrchestrator.Sandbox.DemoTeam;

/// <summary>
/// The demo support team (60 fictional people), shipped next to the binaries in two equivalent shapes:
/// one support-team.yaml, and a folder with one YAML file per person.
/// </summary>
public static class DemoTeamFiles
{
    public static string SingleFilePath => Path.Combine(AppContext.BaseDirectory, "DemoTeam", "support-team.yaml");

    public static string FolderPath => Path.Combine(AppContext.BaseDirectory, "DemoTeam", "team");

    public static Task<SupportTeam> LoadAsync(CancellationToken cancellationToken = default) =>
        SupportTeamLoader.LoadAsync(new LocalTeamFiles(SingleFilePath), AuditIntegrations.Shipped.TeamFields, cancellationToken);
}
