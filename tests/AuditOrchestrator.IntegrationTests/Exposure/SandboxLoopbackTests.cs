using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Exposure;

/// <summary>A sandbox hands a demo admin to whoever reaches it, so it listens on loopback unless told it may not.</summary>
public sealed class SandboxLoopbackTests
{
    [Test]
    public async Task Sandbox_AskedToListenOnEveryInterface_AnswersOnLoopbackOnly_UnlessAllowRemote()
    {
        var remote = MachineAddresses();
        Assert.That(remote, Is.Not.Empty, "this machine needs a non-loopback IPv4 address for the test");
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
            ["Workflows__Directory"] = RepositoryPaths.Workflows,
            ["Sandbox__Enabled"] = "true",
            ["Sandbox__StartRuns"] = "false",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };

        await using (var sandbox = ServiceProcess.StartListeningOn("0.0.0.0", environment))
        {
            await sandbox.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            foreach (var address in remote)
            {
                Assert.That(await ConnectsAsync(address, sandbox.BaseAddress.Port), Is.False, $"the sandbox answers on {address}");
            }
        }

        // The same address with the unsafe switch: the check above would have seen it.
        environment["Sandbox__AllowRemote"] = "true";
        await using var open = ServiceProcess.StartListeningOn("0.0.0.0", environment);
        await open.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        Assert.That(await ConnectsAsync(remote[0], open.BaseAddress.Port), Is.True);
    }

    private static List<IPAddress> MachineAddresses() =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))];

    private static async Task<bool> ConnectsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
