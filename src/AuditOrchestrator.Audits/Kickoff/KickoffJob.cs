using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Engine.Clock;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditOrchestrator.Audits.Kickoff;

/// <summary>
/// The Hangfire side of the kickoff: one recurring job per enabled audit (<c>kickoff-&lt;audit&gt;</c>) whose cron is the
/// audit's kickoff moments in <c>Schedule__TimeZone</c>, with relaxed misfire handling (a kickoff missed while every node
/// was down runs once when one comes up). The (audit, period) row decides; a run of this job twice, early or late
/// starts nothing twice.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class KickoffJob(AuditKickoff kickoff, IBackgroundJobClient jobs, TimeProvider clock, ServiceClock serviceClock, ILogger<KickoffJob> logger)
{
    // A job that runs this close before the calendar's kickoff (a daylight-saving gap that the cron resolves
    // differently, a Hangfire node whose clock is ahead) schedules itself again at the kickoff moment.
    private static readonly TimeSpan EarlyWindow = TimeSpan.FromHours(2);

    public static string JobId(AuditKind audit) => $"kickoff-{audit.CliName()}";

    public async Task RunAsync(string audit, CancellationToken ct)
    {
        var kind = kickoff.Settings.Audits.Single(a => a.Audit.Name == audit).Audit;
        await kickoff.CheckAsync(ct, kind);
        if (kickoff.Settings.Audits.SingleOrDefault(a => a.Audit == kind && a.Enabled) is not { } schedule)
        {
            return;
        }
        var next = kickoff.NextOf(schedule);
        var lead = next - clock.GetUtcNow();
        // On a sped-up clock (sandbox, demos) the cron's real-time moments mean nothing: the next kickoff is armed at
        // the real moment that corresponds to it.
        if (lead <= EarlyWindow || serviceClock.IsScaled)
        {
            var at = serviceClock.Real.GetUtcNow() + serviceClock.ToReal(lead) + TimeSpan.FromSeconds(1);
            jobs.Schedule<KickoffJob>(job => job.RunAsync(audit, CancellationToken.None), at);
            logger.LogInformation("The {Audit} kickoff is armed again for {At:O}", audit, next);
        }
    }
}

/// <summary>At start: start what a downtime missed (within its quarter). Harmless beside Hangfire's own catch-up.</summary>
public sealed class KickoffHostedService(AuditKickoff kickoff, ILogger<KickoffHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await kickoff.CheckAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The audit kickoff could not be checked at start; the recurring jobs still run");
        }
    }
}
