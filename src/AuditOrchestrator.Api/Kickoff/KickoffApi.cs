using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Security;
using AuditOrchestrator.Integrations.Kickoff;

namespace AuditOrchestrator.Api.Kickoff;

public static class KickoffApi
{
    /// <summary>The kickoff calendar and the Quartz trigger that drives it; after the Quartz hosted service.</summary>
    public static IServiceCollection AddKickoff(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuditKickoff(configuration);
        services.AddHostedService<KickoffHostedService>();
        return services;
    }

    /// <summary>GET /api/kickoffs: each audit's schedule and next kickoff.</summary>
    public static void MapKickoffs(this RouteGroupBuilder api) =>
        api.MapGet("/kickoffs", (AuditKickoff kickoff) => TypedResults.Ok(kickoff.Next()))
            .WithTags("Kickoff")
            .RequireRole(Role.Viewer);
}
