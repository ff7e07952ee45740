using System.Collections.Concurrent;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>OTEL_EXPORTER_OTLP_ENDPOINT set: the service process exports metrics and traces to an OTLP/HTTP receiver.</summary>
public sealed class OtlpExportTests : DatabasePerTest
{
    [Test]
    public async Task OtlpEndpointSet_ServiceExportsItsMetricsAndSpans()
    {
        var received = new ConcurrentQueue<(string Path, int Bytes)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue(("/v1/" + signal, (int)body.Length));
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        await using var cluster = new NodeCluster(Database, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        var (_, client) = await cluster.StartNodeAsync();
        var id = await client.StartInstanceAsync("multi-step");
        await Eventually.HoldsAsync(async () => await client.StatusAsync(id) == "completed", TimeSpan.FromSeconds(60), "the instance completes");

        await Eventually.HoldsAsync(() => Task.FromResult(received.Any(r => r.Path == "/v1/metrics" && r.Bytes > 0) && received.Any(r => r.Path == "/v1/traces" && r.Bytes > 0)),
            TimeSpan.FromSeconds(20), "metrics and spans reach the OTLP receiver");
    }
}
