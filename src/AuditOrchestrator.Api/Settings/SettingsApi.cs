using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Security;

namespace AuditOrchestrator.Api.Settings;

public static class SettingsApi
{
    /// <summary>GET /api/settings (admin): every documented key with its effective value, secrets as "(set)".</summary>
    public static void MapSettings(this RouteGroupBuilder api) =>
        api.MapGet("/settings", (IConfiguration configuration, AuditCatalog audits) => TypedResults.Ok(EffectiveSettings.Read(configuration, audits)))
            .WithTags("Settings")
            .RequireRole(Role.Admin);
}
