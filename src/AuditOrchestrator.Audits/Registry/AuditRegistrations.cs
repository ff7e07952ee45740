using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuditOrchestrator.Audits.Registry;

public static class AuditRegistrations
{
    /// <summary>
    /// Adds one audited tool: its descriptor (what the catalog lists) and its registration (how a pass runs). The one
    /// line of wiring an audit needs outside its own folder (docs/adding-an-audit.md).
    /// </summary>
    public static IServiceCollection AddAudit<TRegistration>(this IServiceCollection services, AuditDescriptor descriptor)
        where TRegistration : class, IAuditRegistration
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        services.AddSingleton(descriptor);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IAuditRegistration, TRegistration>());
        services.TryAddSingleton<AuditCatalog>();
        services.TryAddTransient<AuditRegistry>();
        return services;
    }
}
