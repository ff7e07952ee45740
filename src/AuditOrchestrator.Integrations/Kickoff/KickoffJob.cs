using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AuditOrchestrator.Integrations.Kickoff;

/// <summary>
/// The Quartz side of the kickoff: one clustered trigger at the earliest next kickoff (computed in
/// <c>Schedule__TimeZone</c>, stored in UTC, so daylight-saving changes cannot make it fire twice or skip), re-armed after
/// each firing. The check itself is idempotent, so a firing on two nodes or a repeated one starts nothing twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class KickoffJob(AuditKickoff kickoff, ILogger<KickoffJob> logger) : IJob
{
    public static readonly JobKey JobKey = new("kickoff", "kickoff");
    public static readonly TriggerKey TriggerKey = new("next-kickoff", "kickoff");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await kickoff.CheckAsync(cancellationToken);
        await ArmAsync(context.Scheduler, kickoff, logger, cancellationToken);
    }

    public static async Task ArmAsync(IScheduler scheduler, AuditKickoff kickoff, ILogger logger, CancellationToken ct)
    {
        if (kickoff.EarliestNext() is not { } at)
        {
            await scheduler.UnscheduleJob(TriggerKey, ct);
            return;
        }
        var trigger = TriggerBuilder.Create().WithIdentity(TriggerKey).ForJob(JobKey).StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, ct);
        logger.LogInformation("Next audit kickoff at {At:O}", at);
    }
}

/// <summary>At start: start what a downtime missed (within its quarter), then arm the next kickoff.</summary>
public sealed class KickoffHostedService(AuditKickoff kickoff, ISchedulerFactory schedulers, ILogger<KickoffHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await kickoff.CheckAsync(stoppingToken);
            await KickoffJob.ArmAsync(await schedulers.GetScheduler(stoppingToken), kickoff, logger, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The audit kickoff could not be checked at start; the scheduled trigger still runs");
        }
    }
}
