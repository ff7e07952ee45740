using AuditOrchestrator.Engine.Telemetry;
using AuditOrchestrator.Vendors.Http;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AuditOrchestrator.Api.Operations;

/// <summary>
/// OpenTelemetry through the hosting integration: the service's own Meter and ActivitySource, plus a span for every
/// incoming request, outgoing HTTP call (tagged with its vendor) and database command inside a trace. Exported over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other OTEL_* variables itself), and scraped at
/// <c>/metrics</c> when <c>Metrics__Prometheus__Enabled</c> is true.
/// </summary>
public static class Telemetry
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string PrometheusEnabledKey = "Metrics:Prometheus:Enabled";
    public const string ScrapePath = "/metrics";

    // Probes and scrapes every few seconds would bury the traces that matter.
    private static readonly string[] Untraced = ["/healthz", "/readyz", ScrapePath];

    public static IServiceCollection AddOrchestratorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("auditorchestrator", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(tracing => tracing
                .AddSource(OrchestratorTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !Untraced.Any(p => context.Request.Path.StartsWithSegments(p)))
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = VendorTags)
                .AddNpgsql())
            // The exporter is always there and costs nothing until scraped; the endpoint is mapped only when enabled
            // (a test host's settings are not known yet at registration).
            .WithMetrics(metrics => metrics
                .AddMeter(OrchestratorTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        if (Uri.TryCreate(configuration[OtlpEndpointKey], UriKind.Absolute, out _))
        {
            telemetry.UseOtlpExporter();
        }
        return services;
    }

    /// <summary>
    /// <c>GET /metrics</c> in the Prometheus text format, anonymous like a scrape target is (the numbers carry no names,
    /// tokens or paths: audits, outcomes, vendors, status codes, route templates). Not mapped unless enabled: 404.
    /// </summary>
    public static void MapMetricsIfEnabled(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(PrometheusEnabledKey))
        {
            app.MapPrometheusScrapingEndpoint(ScrapePath).AllowAnonymous().ExcludeFromDescription();
        }
    }

    private static void VendorTags(System.Diagnostics.Activity span, HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(VendorResilienceHandler.VendorOption, out var vendor))
        {
            span.SetTag("vendor", vendor);
        }
        if (request.Options.TryGetValue(VendorResilienceHandler.AttemptOption, out var attempt))
        {
            span.SetTag("vendor.attempt", attempt);
        }
    }
}
