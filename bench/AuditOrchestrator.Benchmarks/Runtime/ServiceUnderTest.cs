using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AuditOrchestrator.Benchmarks.Runtime;

/// <summary>The real service, as its own process, on the benchmark database.</summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    public const string Token = "benchmark-admin-token-0123456789abcdefghij";
    private readonly Process _process;
    private long _peakBytes;

    private ServiceUnderTest(Process process, Uri baseAddress)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        Client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        _ = Task.Run(SampleMemoryAsync);
    }

    public HttpClient Client { get; }

    /// <summary>Peak resident memory of the service process (VmHWM), in MB.</summary>
    public double PeakMegabytes => Math.Max(Interlocked.Read(ref _peakBytes), ReadHighWaterMark()) / 1024.0 / 1024.0;

    /// <summary>Processor time the service process has used so far (user and system, every core).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ServiceUnderTest> StartAsync(string connectionString, IDictionary<string, string> settings)
    {
        var port = FreePort();
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(root, "src", "AuditOrchestrator.Api", "bin", "Release", "net10.0", "AuditOrchestrator.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["Auth__BootstrapAdminToken"] = Token;
        start.Environment["Auth__DataProtectionKey"] = "benchmark-data-protection-key-0123456789";
        start.Environment["Workflows__Directory"] = Path.Combine(AppContext.BaseDirectory, "Runtime", "Workflows");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Measured on the real clock against no vendor: never the sandbox.
        start.Environment["Sandbox__Enabled"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"  [service] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceUnderTest(process, new Uri($"http://127.0.0.1:{port}"));
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await service.Client.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Starting.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The service did not become ready.");
    }

    private async Task SampleMemoryAsync()
    {
        while (!_process.HasExited)
        {
            var now = ReadHighWaterMark();
            if (now > Interlocked.Read(ref _peakBytes))
            {
                Interlocked.Exchange(ref _peakBytes, now);
            }
            await Task.Delay(500);
        }
    }

    private long ReadHighWaterMark()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuditOrchestrator.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run the benchmarks from the repository.");
    }
}
