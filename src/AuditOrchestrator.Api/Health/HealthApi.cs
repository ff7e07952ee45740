using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditOrchestrator.Api.Health;

/// <summary>
/// Liveness (<c>/healthz</c>: the process serves HTTP, no check runs) and readiness (<c>/readyz</c>: every check tagged
/// <see cref="Ready"/>) on ASP.NET Core's health checks. Both are anonymous and answer <see cref="HealthJson"/>.
/// </summary>
public static class HealthApi
{
    public const string Ready = "ready";

    public static IServiceCollection AddOrchestratorHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [Ready])
            // A quiet or failing PagerDuty account is not a broken node: Degraded still answers 200.
            .AddCheck<CollectorHealthCheck>("collector", failureStatus: HealthStatus.Degraded, tags: [Ready]);
        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthJson.WriteAsync })
            .AllowAnonymous().ExcludeFromDescription();
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = HealthJson.WriteAsync })
            .AllowAnonymous().ExcludeFromDescription();
    }
}
