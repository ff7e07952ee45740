using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>The audits the service registers, as its own wiring declares them.</summary>
internal static class ShippedAudits
{
    public static AuditCatalog Catalog { get; } = AuditCatalog.Of(new ServiceCollection().AddAuditIntegrations(new ConfigurationBuilder().Build()));

    /// <summary>Every activity the service registers (the engine's and the audit workflows'), as its registry reads them.</summary>
    public static ActivityRegistry Activities { get; } = Registered(
        new ServiceCollection().AddDurableRuntime().AddAuditIntegrations(new ConfigurationBuilder().Build()).AddAuditWorkflows(new ConfigurationBuilder().Build()));

    public static AuditKind Named(string name) => Catalog.Find(name);

    private static ActivityRegistry Registered(IServiceCollection services)
    {
        using var provider = services.BuildServiceProvider();
        return new(provider.GetServices<ActivityDescriptor>());
    }
}
