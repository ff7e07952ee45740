using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Engine.Persistence;
using Npgsql;
using Quartz;

namespace AuditOrchestrator.Api.Hosting;

public static class HostedServices
{
    /// <summary>Order matters: hosted services start in registration order, so the schema exists before Quartz starts.</summary>
    public static IServiceCollection AddOrchestratorHosting(this IServiceCollection services)
    {
        services.AddSingleton<StartupState>();
        services.AddHostedService<MigrationHostedService>();
        services.AddHostedService<DefinitionImportHostedService>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "AuditOrchestrator";
                o.GenerateInstanceId = true;
            });
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(p => p.DataSourceFactory = sp => sp.GetRequiredService<NpgsqlDataSource>());
                s.ConfigureStore(o => o.TablePrefix = DatabaseMigrator.QuartzTablePrefix);
                s.UseSystemTextJsonSerializer();
                s.UseClustering();
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}

/// <summary>What start-up has finished, for /readyz.</summary>
public sealed class StartupState
{
    public volatile bool Migrated;
}

public sealed class MigrationHostedService(DatabaseMigrator migrator, StartupState state) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        state.Migrated = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
