using System.Net;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>The real host on Kestrel (127.0.0.1, a free port), so a real browser can reach it.</summary>
public sealed class UiServer : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string?> _settings;

    private UiServer(TestDatabase database, Dictionary<string, string?> settings)
    {
        _database = database;
        _settings = settings;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static UiServer Start(TestDatabase database, Dictionary<string, string?> settings)
    {
        var server = new UiServer(database, settings);
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public HttpClient Api(string? bearerToken = ServiceFactory.BootstrapToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearerToken);
        }
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", _database.ConnectionString);
        builder.UseSetting("Auth:BootstrapAdminToken", ServiceFactory.BootstrapToken);
        builder.UseSetting("Auth:DataProtectionKey", ServiceFactory.DataProtectionKey);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
