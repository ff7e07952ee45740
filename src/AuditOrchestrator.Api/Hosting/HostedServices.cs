using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Api.Kickoff;
using AuditOrchestrator.Api.Operations;
using AuditOrchestrator.Api.Sandbox;
using AuditOrchestrator.Api.Webhooks;
using AuditOrchestrator.Engine.Clock;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Integrations.Alerts;
using Npgsql;
using Quartz;

namespace AuditOrchestrator.Api.Hosting;

public static class HostedServices
{
    /// <summary>Order matters: hosted services start in registration order, so the schema exists before Quartz starts.</summary>
    public static IServiceCollection AddOrchestratorHosting(this IServiceCollection services, IConfiguration configuration)
    {
        // Quartz's intervals are read on the service clock, so on a sped-up clock they are given in simulated time.
        var speed = CoreServices.ClockSpeed(configuration);
        services.AddSingleton<StartupState>();
        services.AddHostedService<MigrationHostedService>();
        services.AddHostedService<DefinitionImportHostedService>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "AuditOrchestrator";
                o.GenerateInstanceId = true;
                o.IdleWaitTime = TimeSpan.FromSeconds(1) * speed;
                o.MaxBatchSize = 32;
            });
            q.UseDefaultThreadPool(32);
            q.AddJob<TimerFiredJob>(j => j.WithIdentity(TimerScheduler.JobKey).StoreDurably());
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(p => p.DataSourceFactory = sp => sp.GetRequiredService<NpgsqlDataSource>());
                s.UseSystemTextJsonSerializer();
                s.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(7.5) * speed;
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20) * speed;
                });
                s.ConfigureStore(o =>
                {
                    o.TablePrefix = DatabaseMigrator.QuartzTablePrefix;
                    o.AcceptEnlistedTransactions = true;
                    o.MisfireThreshold = TimeSpan.FromSeconds(60) * speed;
                    o.MisfireHandlerFrequency = TimeSpan.FromSeconds(10) * speed;
                    o.LockWaitWarningThreshold = TimeSpan.FromSeconds(5) * speed;
                });
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<WorkflowExecutor>();
        services.AddHostedService<TimerReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerScheduleQueue>());
        services.AddHostedService(sp => sp.GetRequiredService<TimerFireQueue>());
        services.AddGitLabWebhooks(configuration);
        services.AddKickoff(configuration);
        services.AddOperations(configuration);
        services.AddRunAlerts(configuration);
        return services;
    }
}

/// <summary>What start-up has finished, for /readyz.</summary>
public sealed class StartupState
{
    public volatile bool Migrated;
}

public sealed class MigrationHostedService(
    DatabaseMigrator migrator, StartupState state, NpgsqlDataSource dataSource, ServiceClock clock, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        await ServiceModeGuard.EnsureAsync(dataSource, SandboxMode.IsActive(configuration), cancellationToken);
        await ClockEpoch.LoadOrStartAsync(dataSource, clock, cancellationToken);
        state.Migrated = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
