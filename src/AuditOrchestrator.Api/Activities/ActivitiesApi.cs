using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Security;

namespace AuditOrchestrator.Api.Activities;

public static class ActivitiesApi
{
    public static void MapActivities(this RouteGroupBuilder api) =>
        api.MapGet("/activities", (ActivityRegistry registry) => TypedResults.Ok(registry.ToDto()))
            .WithTags("Activities")
            .RequireRole(Role.Viewer);
}
