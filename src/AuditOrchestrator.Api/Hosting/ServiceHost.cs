using AuditOrchestrator.Api.Activities;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Clock;
using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Api.Health;
using AuditOrchestrator.Api.Instances;
using AuditOrchestrator.Api.Ui;

namespace AuditOrchestrator.Api.Hosting;

/// <summary>Builds the web host: the services, the middleware and one route group per feature.</summary>
public static class ServiceHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        ClockApi.EnsureAllowed(builder.Configuration, builder.Environment);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        // EF logs an expected failure (no history table yet) on a fresh database; real failures surface as exceptions.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);

        builder.Services.AddOrchestratorCore(builder.Configuration);
        builder.Services.AddOrchestratorHosting(builder.Configuration);
        builder.Services.AddApiTokenAuthentication();
        builder.Services.AddProblemDetails();
        // Malformed request bodies are the caller's error (400 problem), in every environment.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.AddOrchestratorOpenApi();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapHealth();
        var api = app.MapGroup("/api");
        api.MapActivities();
        api.MapDefinitions();
        api.MapTokens();
        api.MapInstances();
        api.MapSignals();
        api.MapClock();
        app.MapAdminUi(api);
        return app;
    }
}
