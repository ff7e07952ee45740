using AuditOrchestrator.Api.Jobs;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Kickoff;
using AuditOrchestrator.Engine.Jobs;
using AuditOrchestrator.Engine.Security;
using Hangfire;

namespace AuditOrchestrator.Api.Kickoff;

public static class KickoffApi
{
    /// <summary>The kickoff calendar and the Hangfire recurring jobs that drive it, one per enabled audit.</summary>
    public static IServiceCollection AddKickoff(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuditKickoff(configuration);
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<KickoffSettings>();
            return new RecurringPassSet([.. settings.Audits.Select(schedule => KickoffPass(settings, schedule.Audit))]);
        });
        services.AddHostedService<KickoffHostedService>();
        return services;
    }

    /// <summary>
    /// An enabled audit's kickoffs as a recurring job in the configured time zone. Relaxed misfire handling: a kickoff
    /// missed while every node was down runs once when one comes up (not once per missed moment).
    /// </summary>
    private static RecurringPass KickoffPass(KickoffSettings settings, AuditKind audit)
    {
        var id = KickoffJob.JobId(audit);
        if (settings.Audits.SingleOrDefault(a => a.Audit == audit && a.Enabled) is not { } schedule)
        {
            return RecurringPass.Off(id);
        }
        var name = audit.CliName();
        return new RecurringPass(id, (jobs, jobId) => jobs.AddOrUpdate<KickoffJob>(
            jobId, job => job.RunAsync(name, CancellationToken.None), settings.Calendar.CronOf(schedule.Quarters),
            new RecurringJobOptions { TimeZone = settings.Calendar.TimeZone, MisfireHandling = MisfireHandlingMode.Relaxed }));
    }

    /// <summary>GET /api/kickoffs: each audit's schedule and next kickoff.</summary>
    public static void MapKickoffs(this RouteGroupBuilder api) =>
        api.MapGet("/kickoffs", (AuditKickoff kickoff) => TypedResults.Ok(kickoff.Next()))
            .WithTags("Kickoff")
            .RequireRole(Role.Viewer);
}
