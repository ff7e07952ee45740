using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SlackClient"/> (Bearer token, base URL + /api/, shared vendor resilience named "Slack").</summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.Section));
        services.AddHttpClient<SlackClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
                if (!options.BaseUrl.IsAbsoluteUri)
                {
                    throw new InvalidOperationException("Slack__BaseUrl must be an absolute URL, e.g. https://slack.com.");
                }

                http.BaseAddress = new Uri(options.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/api/");
                http.DefaultRequestHeaders.UserAgent.ParseAdd("AuditOrchestrator");
                if (!string.IsNullOrEmpty(options.Token))
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
                }
            })
            .AddVendorResilience(SlackClient.Vendor);
        return services;
    }
}
