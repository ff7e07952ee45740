using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Clock;
using AuditOrchestrator.Engine.Security;

namespace AuditOrchestrator.Api.Clock;

public static class ClockApi
{
    public sealed record ClockView(DateTimeOffset Now, double Speed, DateTimeOffset RealStart, DateTimeOffset SimulatedStart);

    /// <summary>The service clock as every node computes it (simulated when Clock__Speed is set).</summary>
    public static void MapClock(this RouteGroupBuilder api) =>
        api.MapGet("/clock", (TimeProvider clock, ServiceClock service) =>
                TypedResults.Ok(new ClockView(clock.GetUtcNow(), service.Speed, service.RealStart, service.SimulatedStart)))
            .WithTags("Clock")
            .RequireRole(Role.Viewer);

    /// <summary>A sped-up or skewed clock is for demos and tests: refused outside the sandbox and Development.</summary>
    public static void EnsureAllowed(IConfiguration configuration, IHostEnvironment environment)
    {
        var speed = Hosting.CoreServices.ClockSpeed(configuration);
        var sandbox = string.Equals(configuration["Sandbox:Enabled"], "true", StringComparison.OrdinalIgnoreCase);
        if (speed != 1 && !sandbox && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Clock__Speed={speed} is honoured only in the sandbox or when ASPNETCORE_ENVIRONMENT is Development; unset it in production.");
        }
        if (Hosting.CoreServices.ClockSkew(configuration) is { } skew && !sandbox && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Clock__Skew={skew:c} is honoured only in the sandbox or when ASPNETCORE_ENVIRONMENT is Development; unset it in production.");
        }
    }
}
