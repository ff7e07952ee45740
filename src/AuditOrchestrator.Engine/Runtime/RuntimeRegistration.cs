using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Runtime.BuiltIn;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Engine.Runtime;

public static class RuntimeRegistration
{
    /// <summary>The durable runtime's services and the engine's built-in activities. Hangfire and the hosted services are the host's.</summary>
    public static IServiceCollection AddDurableRuntime(this IServiceCollection services)
    {
        // The runtime keeps no session state: its statements run on the pool that skips the reset.
        services.AddSingleton(sp => new InstanceStore(sp.GetRequiredService<StatelessConnections>().DataSource, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton<ActivityCatalog>();
        services.AddSingleton<ExecutorWakeUp>();
        services.AddSingleton<InstanceRunner>();
        services.AddSingleton<TimerAlarms>();
        services.AddTransient<TimerSweepJob>();
        services.AddSingleton<TimerService>();
        services.AddSingleton<TimerScheduleQueue>();
        services.AddSingleton<SignalInbox>();
        services.AddSingleton<WorkflowStarter>();
        services.AddSingleton<InstanceOperations>();
        services.AddSingleton<InstanceQueries>();
        services.AddSingleton<TreeQueries>();
        services.AddSingleton<InstancePages>();
        services.AddSingleton<HistoryPurge>();
        services.AddSingleton<InstanceJournal>();
        services.AddSingleton<Evidence.RunRecord>();
        services.AddActivity<WaitActivity>();
        services.AddActivity<WaitUntilActivity>();
        services.AddActivity<WaitForSignalActivity>();
        services.AddActivity<DecisionActivity>();
        services.AddActivity<SetVariableActivity>();
        services.AddActivity<FanOutActivity>();
        services.AddActivity<BranchesActivity>();
        return services;
    }
}
