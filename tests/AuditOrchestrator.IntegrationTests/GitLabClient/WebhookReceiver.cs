using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

/// <summary>A real HTTP endpoint on 127.0.0.1 that records the webhooks it receives.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedHook> Received { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/webhooks/gitlab", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var headers = c.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver.Received.Enqueue(new ReceivedHook(headers, await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/webhooks/gitlab");
        return receiver;
    }

    /// <summary>Stops the endpoint; a second call does nothing (a test may take the receiver down before its tear-down).</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopped)
        {
            return;
        }
        stopped = true;
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal sealed record ReceivedHook(IReadOnlyDictionary<string, string> Headers, string Body);
