using AuditOrchestrator.Integrations.Audits;
using AuditOrchestrator.Integrations.Calendly;
using AuditOrchestrator.Integrations.Http;
using AuditOrchestrator.Integrations.PagerDuty;
using AuditOrchestrator.Integrations.Zendesk;
using AuditOrchestrator.Sandbox.DemoTeam;
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
        foreach (var vendor in new[] { PagerDutyClient.Vendor, CalendlyClient.Vendor, ZendeskClient.VendorName(Integrations.SupportTeam.ZendeskInstance.Main), ZendeskClient.VendorName(Integrations.SupportTeam.ZendeskInstance.UsFederal) })
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
