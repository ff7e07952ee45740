using AuditOrchestrator.Audits.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuditOrchestrator.Audits.Kickoff;

public static class KickoffRegistration
{
    public static IServiceCollection AddAuditKickoff(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => KickoffSettings.From(configuration, sp.GetRequiredService<AuditCatalog>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<KickoffSettings>().Calendar);
        services.AddSingleton<AuditKickoff>();
        services.AddTransient<KickoffJob>();
        return services;
    }
}
