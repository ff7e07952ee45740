using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AuditOrchestrator.Api.Sandbox;

/// <summary>
/// The sandbox gives a demo admin session to whoever asks from this machine, so it listens on loopback only: every
/// configured address (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>) that is not loopback is moved
/// to 127.0.0.1, unless <c>Sandbox__AllowRemote=true</c>. Once started, an address bound some other way (Kestrel
/// endpoints in code or configuration) that is not loopback stops the service.
/// </summary>
public static class LoopbackOnly
{
    /// <summary>The addresses to listen on, rewritten to loopback; null when the configuration names none (Kestrel's default is localhost).</summary>
    public static IReadOnlyList<string>? Rewrite(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]);
        if (urls.Count == 0)
        {
            urls = [.. Split(configuration["http_ports"]).Select(p => $"http://127.0.0.1:{p}"),
                .. Split(configuration["https_ports"]).Select(p => $"https://127.0.0.1:{p}")];
        }
        return urls.Count == 0 ? null : [.. urls.Select(ToLoopback)];
    }

    public static string ToLoopback(string url)
    {
        var address = BindingAddress.Parse(url);
        return IsLoopback(address.Host) ? url : $"{address.Scheme}://127.0.0.1:{address.Port}{address.PathBase}";
    }

    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The bound addresses that are not loopback (after start).</summary>
    public static IReadOnlyList<string> RemoteAddresses(IServer server) =>
        [.. (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Where(a => !IsLoopback(BindingAddress.Parse(a).Host))];

    private static List<string> Split(string? value) =>
        [.. (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
