using System.Net.Http.Headers;
using AuditOrchestrator.Audits.Calendly;
using AuditOrchestrator.Audits.Connections;
using AuditOrchestrator.Audits.PagerDuty;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Audits.Zendesk;
using AuditOrchestrator.Vendors.Calendly;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.PagerDuty;
using AuditOrchestrator.Vendors.Zendesk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Checks;

public static class AuditIntegrations
{
    /// <summary>
    /// Registers the PagerDuty, Calendly and Zendesk clients (with the shared retry policy), the team source
    /// resolver, one <see cref="IAuditRegistration"/> per audited tool and <see cref="AuditRunner"/>, bound to the configuration keys of README, "Configuration".
    /// </summary>
    public static IServiceCollection AddAuditIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(configuration);
        services.Configure<PagerDutyOptions>(configuration.GetSection(PagerDutyOptions.Section));
        services.Configure<CalendlyOptions>(configuration.GetSection(CalendlyOptions.Section));
        foreach (var instance in Enum.GetValues<ZendeskInstance>())
        {
            services.Configure<ZendeskOptions>(instance.ToString(), configuration.GetSection($"{ZendeskOptions.Section}:{instance}"));
        }

        services.Configure<AuditOptions>(configuration.GetSection(AuditOptions.Section));

        services.AddHttpClient<PagerDutyClient>((sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<PagerDutyOptions>>().Value;
                http.BaseAddress = ApiRoot(o.BaseUrl, "");
                http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/vnd.pagerduty+json;version=2");
                if (!string.IsNullOrWhiteSpace(o.Token))
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", $"token={o.Token}");
                }
            })
            .AddVendorResilience(PagerDutyClient.Vendor, RateLimitHeaders.PagerDutyReset)
            .AddRequestPacing(PagerDutyClient.Vendor, sp => sp.GetRequiredService<IOptions<PagerDutyOptions>>().Value.RequestsPerMinute);

        services.AddHttpClient<CalendlyClient>((sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<CalendlyOptions>>().Value;
                http.BaseAddress = ApiRoot(o.BaseUrl, "");
                if (!string.IsNullOrWhiteSpace(o.Token))
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.Token);
                }
            })
            .AddVendorResilience(CalendlyClient.Vendor, RateLimitHeaders.CalendlyReset);

        foreach (var instance in Enum.GetValues<ZendeskInstance>())
        {
            services.AddHttpClient(ZendeskClients.HttpClientName(instance), (sp, http) =>
                {
                    var o = sp.GetRequiredService<IOptionsMonitor<ZendeskOptions>>().Get(instance.ToString());
                    http.BaseAddress = ApiRoot(o.BaseUrl ?? "https://invalid.zendesk.com", "api/v2/");
                    if (!string.IsNullOrWhiteSpace(o.Token))
                    {
                        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", ZendeskClient.BasicAuth(o));
                    }
                })
                .AddVendorResilience(ZendeskClient.VendorName(instance));
        }

        services.AddHttpClient(ConnectionProbe.HttpClientName);
        services.TryAddSingleton<ConnectionProbe>();
        services.TryAddSingleton<ZendeskClients>();
        services.TryAddSingleton<TeamSourceResolver>();
        services.AddShippedAudits();
        services.TryAddTransient<AuditRunner>();
        return services;
    }

    /// <summary>The audits the service ships, as their registrations declare them, for what lists them before a host is built (the CLI's usage, the sandbox's settings).</summary>
    public static AuditCatalog Shipped { get; } = AuditCatalog.Of(new ServiceCollection().AddShippedAudits());

    /// <summary>One line per audited tool (docs/adding-an-audit.md); the order is the order every list of audits shows.</summary>
    private static IServiceCollection AddShippedAudits(this IServiceCollection services) => services
        .AddAudit<PagerDutyAudit>(PagerDutyAudit.Declared)
        .AddAudit<CalendlyAudit>(CalendlyAudit.Declared)
        .AddAudit<ZendeskMainAudit>(ZendeskMainAudit.Declared)
        .AddAudit<ZendeskUsFederalAudit>(ZendeskUsFederalAudit.Declared);

    private static Uri ApiRoot(string baseUrl, string suffix) => new(baseUrl.TrimEnd('/') + "/" + suffix);
}
