using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Api.Jobs;
using AuditOrchestrator.Api.Kickoff;
using AuditOrchestrator.Api.Operations;
using AuditOrchestrator.Api.Sandbox;
using AuditOrchestrator.Api.Webhooks;
using AuditOrchestrator.Audits.Alerts;
using AuditOrchestrator.Engine.Clock;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Persistence.Migrations;
using AuditOrchestrator.Engine.Runtime;
using Npgsql;

namespace AuditOrchestrator.Api.Hosting;

public static class HostedServices
{
    /// <summary>Order matters: hosted services start in registration order, so the schema exists before Hangfire starts.</summary>
    public static IServiceCollection AddOrchestratorHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StartupState>();
        services.AddHostedService<MigrationHostedService>();
        StartKeyRingAfterMigrations(services);
        services.AddHostedService<DefinitionImportHostedService>();
        services.AddOrchestratorHangfire();
        services.AddHostedService<WorkflowExecutor>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerScheduleQueue>());
        services.AddGitLabWebhooks(configuration);
        services.AddKickoff(configuration);
        services.AddOperations(configuration);
        services.AddRunAlerts(configuration);
        return services;
    }

    /// <summary>
    /// The web host registers data protection's key-ring warm-up before any of ours; it reads the keys table, which a
    /// first start on an empty database creates only in the migrations: it starts after them instead.
    /// </summary>
    private static void StartKeyRingAfterMigrations(IServiceCollection services)
    {
        var warmUps = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.Namespace?.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal) == true).ToList();
        foreach (var warmUp in warmUps)
        {
            services.Remove(warmUp);
            services.Add(warmUp);
        }
    }
}

/// <summary>What start-up has finished, for /readyz.</summary>
public sealed class StartupState
{
    public volatile bool Migrated;
}

public sealed class MigrationHostedService(
    DatabaseMigrator migrator, StartupState state, NpgsqlDataSource dataSource, ServiceClock clock, IConfiguration configuration,
    InstanceStore store, TimerAlarms alarms) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(cancellationToken);
        await ServiceModeGuard.EnsureAsync(dataSource, SandboxMode.IsActive(configuration), cancellationToken);
        await ClockEpoch.LoadOrStartAsync(dataSource, clock, cancellationToken);
        if (applied.Contains(M0012DropQuartz.Id))
        {
            // The timers of the previous release had Quartz triggers, dropped with its tables: each gets its alarm now.
            alarms.Schedule(await store.WaitingTimerDueTimesAsync(cancellationToken));
        }
        state.Migrated = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
