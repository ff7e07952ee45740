using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Tests.Audits;

/// <summary>The audits the service registers, as its own wiring declares them.</summary>
internal static class ShippedAudits
{
    public static AuditCatalog Catalog { get; } = AuditCatalog.Of(new ServiceCollection().AddAuditIntegrations(new ConfigurationBuilder().Build()));

    public static AuditKind Named(string name) => Catalog.Find(name);
}
