using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Runtime;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace AuditOrchestrator.Api.Jobs;

/// <summary>
/// Hangfire on the service's own database (schema <c>hangfire</c>, created by the migrator under its lock): the alarm
/// clock of timers and the runner of every periodic pass. Hangfire knows only real time; what it runs judges "due" on
/// the service clock.
/// </summary>
public static class HangfireSetup
{
    public static IServiceCollection AddOrchestratorHangfire(this IServiceCollection services)
    {
        // Read when first needed: a test host's settings arrive after registration.
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Jobs").Get<JobsOptions>() ?? new JobsOptions());
        services.AddSingleton<JobsState>();
        services.AddHangfire((sp, config) => Configure(config, sp.GetRequiredService<StatelessConnections>().DataSource, sp.GetRequiredService<JobsOptions>()));
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<JobsOptions>();
            server.ServerName = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExecutorOptions>>().Value.NodeId;
            // Delayed jobs (timer alarms) and recurring jobs are looked for this often: the lateness of an alarm.
            server.SchedulePollingInterval = options.SchedulePollingInterval;
            server.WorkerCount = options.WorkerCount;
            server.ServerCheckInterval = TimeSpan.FromMinutes(1);
        });
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }

    private static void Configure(IGlobalConfiguration config, NpgsqlDataSource dataSource, JobsOptions options) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                c => c.UseConnectionFactory(new DataSourceConnectionFactory(dataSource)),
                new PostgreSqlStorageOptions
                {
                    SchemaName = DatabaseMigrator.HangfireSchema,
                    PrepareSchemaIfNecessary = false,
                    // Workers wait on LISTEN/NOTIFY instead of polling the queue table.
                    EnableLongPolling = true,
                    QueuePollInterval = options.QueuePollInterval,
                    // Not enlisted in ambient transactions: jobs are scheduled after our commits, never inside them.
                    EnableTransactionScopeEnlistment = false,
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                    DistributedLockTimeout = TimeSpan.FromMinutes(1),
                });

    /// <summary>Hangfire's connections come from the pool without session state (<see cref="StatelessConnections"/>).</summary>
    private sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }
}

/// <summary><c>Jobs__*</c>: how Hangfire runs. Intervals are real time.</summary>
public sealed class JobsOptions
{
    /// <summary>How often each node looks for due delayed and recurring jobs (Hangfire's default is 15 s).</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an idle worker waits for a NOTIFY before looking at the queue anyway.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(15);

    public int WorkerCount { get; set; } = 8;

    /// <summary>Real time between backstop sweeps of due timers (for an alarm that was never scheduled).</summary>
    public TimeSpan TimerSweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
