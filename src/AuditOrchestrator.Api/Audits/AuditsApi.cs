using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Audits.Kickoff;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Engine.Security;

namespace AuditOrchestrator.Api.Audits;

/// <summary>
/// One registered audit as GET /api/audits shows it. <c>Configured</c>: its vendor token is set; <c>Enabled</c>: it
/// starts on its kickoff schedule; <c>Definition</c>: the definition a run starts now (after the variant).
/// </summary>
public sealed record AuditView(
    string Key, string DisplayName, string Vendor, string Connection, string EnabledSetting, IReadOnlyList<string> Settings,
    bool Configured, bool Enabled, string Definition, IReadOnlyList<string> Definitions);

public static class AuditsApi
{
    /// <summary>GET /api/audits (viewer): every registered audit, in registration order.</summary>
    public static void MapAudits(this RouteGroupBuilder api) =>
        api.MapGet("/audits", (AuditCatalog audits, KickoffSettings kickoff, IConfiguration configuration) =>
                TypedResults.Ok<IReadOnlyList<AuditView>>([.. audits.All.Select(a => View(a, kickoff, configuration))]))
            .WithTags("Audits")
            .RequireRole(Role.Viewer);

    private static AuditView View(AuditDescriptor audit, KickoffSettings kickoff, IConfiguration configuration) => new(
        audit.Key.Name, audit.DisplayName, audit.Vendor, audit.Connection, audit.EnabledSetting, [.. audit.SettingKeys],
        Configured: !string.IsNullOrWhiteSpace(configuration[audit.TokenKey]),
        Enabled: kickoff.Audits.Any(s => s.Audit == audit.Key && s.Enabled),
        Definition: audit.DefinitionFor(configuration[audit.VariantKey]),
        Definitions: audit.Definitions);
}
