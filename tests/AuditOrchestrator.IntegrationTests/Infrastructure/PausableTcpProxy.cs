using System.Net;
using System.Net.Sockets;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of PostgreSQL for one node: <see cref="Pause"/> holds every byte both ways (the
/// node's database stalls, as in a network partition or a long GC pause, while other nodes carry on), <see cref="Resume"/>
/// lets them through again.
/// </summary>
public sealed class PausableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private TaskCompletionSource _open = Opened();
    private readonly Task _accepting;

    public PausableTcpProxy(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Pause() => Interlocked.Exchange(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Resume() => _open.TrySetResult();

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var upstream = new TcpClient();
                lock (_clients)
                {
                    _clients.Add(client);
                    _clients.Add(upstream);
                }
                try
                {
                    await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
                    _ = RelayAsync(client.GetStream(), upstream.GetStream());
                    _ = RelayAsync(upstream.GetStream(), client.GetStream());
                }
                catch (Exception e) when (e is InvalidOperationException or SocketException or IOException)
                {
                    // The client gave up on this connection before it was relayed (a cancelled open): drop it.
                    client.Dispose();
                    upstream.Dispose();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task RelayAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    to.Socket.Shutdown(SocketShutdown.Send);
                    return;
                }
                await _open.Task.WaitAsync(_stop.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // A side closed, or the proxy stops.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
        _stop.Dispose();
    }
}
