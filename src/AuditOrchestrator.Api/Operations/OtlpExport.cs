using AuditOrchestrator.Engine.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AuditOrchestrator.Api.Operations;

/// <summary>
/// Metrics and traces over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The exporter reads the standard OTEL_*
/// variables itself (protocol, headers, intervals). Without it the Meter still serves dotnet-counters.
/// </summary>
public static class OtlpExport
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddOtlpExportIfConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            return services;
        }
        var resource = ResourceBuilder.CreateDefault().AddService("auditorchestrator", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId);
        // Created by the container, so it disposes (and flushes) them when the host stops.
        services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(OrchestratorTelemetry.Name)
            .AddOtlpExporter()
            .Build());
        services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(OrchestratorTelemetry.Name)
            .AddOtlpExporter()
            .Build());
        services.AddHostedService<OtlpProvidersHolder>();
        return services;
    }

    /// <summary>Resolves the providers at start, so they are created with the host and disposed with it.</summary>
    private sealed class OtlpProvidersHolder(MeterProvider meters, TracerProvider tracer) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult((meters, tracer));

        public Task StopAsync(CancellationToken cancellationToken)
        {
            meters.ForceFlush(2000);
            tracer.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }
}
