using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Sandbox.DemoTeam;
using AuditOrchestrator.Vendors.Calendly;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.PagerDuty;
using AuditOrchestrator.Vendors.Zendesk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Vendors;

/// <summary>The audit services as the host registers them, pointed at simulated vendors, with millisecond backoff.</summary>
internal static class AuditHost
{
    public static ServiceProvider Build(SimulatedVendors vendors, string? teamSource = null, int maxRetries = 6,
        IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(vendors.Configuration)
        {
            ["SupportTeam:Source"] = teamSource ?? DemoTeamFiles.SingleFilePath,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddAuditIntegrations(configuration);
        foreach (var vendor in new[] { PagerDutyClient.Vendor, CalendlyClient.Vendor, ZendeskClient.VendorName(AuditOrchestrator.Vendors.Zendesk.ZendeskInstance.Main), ZendeskClient.VendorName(AuditOrchestrator.Vendors.Zendesk.ZendeskInstance.UsFederal) })
        {
            services.Configure<VendorResilienceOptions>(vendor, o =>
            {
                o.MaxRetries = maxRetries;
                o.BaseDelay = TimeSpan.FromMilliseconds(2);
                o.MaxDelay = TimeSpan.FromMilliseconds(10);
                o.AttemptTimeout = TimeSpan.FromSeconds(5);
            });
        }

        return services.BuildServiceProvider();
    }
}
