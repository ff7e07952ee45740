using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AuditOrchestrator.Integrations.Kickoff;

public static class KickoffRegistration
{
    public static IServiceCollection AddAuditKickoff(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => KickoffSettings.From(configuration));
        services.AddSingleton<AuditKickoff>();
        services.AddQuartz(q => q.AddJob<KickoffJob>(j => j.WithIdentity(KickoffJob.JobKey).StoreDurably()));
        return services;
    }
}
