using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// The service as its own OS process (the built AuditOrchestrator.dll, or the test program that adds the test-only
/// activities), for multi-node and crash tests.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public static string ServiceDll => BuiltDll(Path.Combine("src", "AuditOrchestrator.Api"), "AuditOrchestrator.dll");

    /// <summary>The product's service plus the test-only activities (tests/AuditOrchestrator.TestService).</summary>
    public static string TestServiceDll => BuiltDll(Path.Combine("tests", "AuditOrchestrator.TestService"), "AuditOrchestrator.TestService.dll");

    private static string BuiltDll(string project, string dll)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        return Path.Combine(RepositoryPaths.Root, project, "bin", configuration, "net10.0", dll);
    }

    public static ServiceProcess Start(IDictionary<string, string> environment, params string[] arguments) =>
        Start(ServiceDll, environment, FreePort(), arguments);

    /// <summary>Starts the service with the test-only activities, for workflows that record effects or fail on purpose.</summary>
    public static ServiceProcess StartWithTestActivities(IDictionary<string, string> environment) =>
        Start(TestServiceDll, environment, FreePort(), []);

    /// <summary>Asks the service to listen on <paramref name="host"/> (e.g. 0.0.0.0); the test talks to it on 127.0.0.1.</summary>
    public static ServiceProcess StartListeningOn(string host, IDictionary<string, string> environment)
    {
        var port = FreePort();
        return Start(ServiceDll, environment, port, ["--urls", $"http://{host}:{port}"]);
    }

    private static ServiceProcess Start(string dll, IDictionary<string, string> environment, int port, string[] arguments)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments.Length > 0 ? arguments : ["--urls", baseAddress.ToString()])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Sandbox__Enabled"] = "false";
        start.Environment["Auth__DataProtectionKey"] = ServiceFactory.DataProtectionKey;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return new ServiceProcess(Process.Start(start)!, baseAddress);
    }

    /// <summary>Runs a CLI verb to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunCliAsync(IDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServiceDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The service was not ready within {timeout}:\n{Output}");
    }

    /// <summary>Ends the process at once, as a power cut would (no graceful shutdown).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        // Idempotent: a test may stop the process to read its whole output, and `await using` disposes it again.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
