using AuditOrchestrator.Api.Activities;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Clock;
using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Api.Health;
using AuditOrchestrator.Api.Instances;
using AuditOrchestrator.Api.Jobs;
using AuditOrchestrator.Api.Kickoff;
using AuditOrchestrator.Api.Logging;
using AuditOrchestrator.Api.Operations;
using AuditOrchestrator.Api.Sandbox;
using AuditOrchestrator.Api.Sources;
using AuditOrchestrator.Api.Ui;
using AuditOrchestrator.Api.Webhooks;

namespace AuditOrchestrator.Api.Hosting;

/// <summary>Builds the web host: the services, the middleware and one route group per feature.</summary>
public static class ServiceHost
{
    /// <param name="args">The command line.</param>
    /// <param name="addServices">More services for a host built around the product's (test programs add test-only activities).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection>? addServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var sandbox = await SandboxSetup.StartIfEnabledAsync(builder);
        ClockApi.EnsureAllowed(builder.Configuration, builder.Environment);
        Ui.DataProtectionKeys.EnsureConfigured(builder.Configuration, builder.Environment, sandbox is not null);
        BootstrapAdminToken.EnsureLongEnough(builder.Configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = JsonLogFormatter.Name)
            .AddConsoleFormatter<JsonLogFormatter, JsonLogFormatterOptions>(o => o.Mode = sandbox is null ? "production" : "sandbox");
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Hangfire", LogLevel.Warning);
        // EF logs an expected failure (no history table yet) on a fresh database; real failures surface as exceptions.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);

        builder.Services.AddOrchestratorCore(builder.Configuration);
        builder.Services.AddOrchestratorHosting(builder.Configuration);
        builder.Services.AddSources(builder.Configuration);
        builder.Services.AddOrchestratorHealthChecks();
        builder.Services.AddApiTokenAuthentication();
        builder.Services.AddProblemDetails();
        // Malformed request bodies are the caller's error (400 problem), in every environment.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.AddOrchestratorOpenApi();
        addServices?.Invoke(builder.Services);

        var app = builder.Build();
        if (sandbox is not null)
        {
            app.Lifetime.ApplicationStopped.Register(() => sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }
        BootstrapAdminToken.WarnWhileSet(app.Configuration, app.Logger);
        app.UseModeHeader(sandbox is not null);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAdminUiFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        app.MapHealth();
        app.MapMetricsIfEnabled();
        app.MapGitLabWebhooks();
        app.MapJobsDashboard();
        var api = app.MapGroup("/api");
        api.MapActivities();
        api.MapDefinitions();
        api.MapTokens();
        api.MapInstances();
        api.MapSignals();
        api.MapClock();
        api.MapKickoffs();
        Audits.AuditsApi.MapAudits(api);
        Runs.RunsApi.MapRuns(api);
        api.MapSources();
        Settings.SettingsApi.MapSettings(api);
        app.MapAdminUi(api);
        return app;
    }
}
