using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Vendors.Zendesk;

/// <summary>Hands out the <see cref="ZendeskClient"/> of an instance, each on its own named HttpClient and options.</summary>
public sealed class ZendeskClients(IHttpClientFactory factory, IOptionsMonitor<ZendeskOptions> options)
{
    public static string HttpClientName(ZendeskInstance instance) => $"Zendesk.{instance}";

    public ZendeskClient For(ZendeskInstance instance) =>
        new(factory.CreateClient(HttpClientName(instance)), instance, options.Get(instance.ToString()));
}
