using System.Collections.Concurrent;
using AuditOrchestrator.Engine.Clock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// This node's executor: claims runnable instances (several nodes side by side), runs each until it waits, ends or
/// has taken its share of steps, and commits. Renews the leases it holds so a long step is not taken over.
/// </summary>
public sealed class WorkflowExecutor(
    InstanceStore store,
    InstanceRunner runner,
    ExecutorWakeUp wakeUp,
    TimeProvider clock,
    IOptions<ExecutorOptions> options,
    ILogger<WorkflowExecutor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private ExecutorOptions Options => options.Value;

    /// <summary>A real duration on the service clock (leases are real time, compared with the service clock's now).</summary>
    private TimeSpan OnServiceClock(TimeSpan real) => clock is ServiceClock scaled ? scaled.ToSimulated(real) : real;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var renewal = Task.Run(() => RenewLeasesAsync(stoppingToken), CancellationToken.None);
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = Options.MaxConcurrency - _running.Count;
            var claimed = free > 0 ? await ClaimAsync(free, stoppingToken) : [];
            foreach (var instance in claimed)
            {
                _running[instance.Id] = RunAsync(instance, stoppingToken);
            }
            if (claimed.Count == 0 || claimed.Count < free)
            {
                try
                {
                    await wakeUp.WaitAsync(Options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        await Task.WhenAll(_running.Values);
        await renewal;
    }

    private async Task<IReadOnlyList<InstanceState>> ClaimAsync(int limit, CancellationToken ct)
    {
        try
        {
            var now = clock.GetUtcNow();
            return await store.ClaimAsync(Options.NodeId, now, now + OnServiceClock(Options.LeaseDuration), limit, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Claiming runnable instances failed; retrying");
            return [];
        }
    }

    private async Task RunAsync(InstanceState instance, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await runner.RunAsync(instance, Options.NodeId, Options.MaxStepsPerRun, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-run: hand the instance back; its steps run again elsewhere (at-least-once).
            await store.ReleaseAsync(Options.NodeId, instance.Id, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The commit itself failed (database gone): the lease expires and a node runs the instance again.
            logger.LogError(e, "Run of instance {InstanceId} failed before its commit", instance.Id);
        }
        finally
        {
            _running.TryRemove(instance.Id, out _);
            wakeUp.Wake();
        }
    }

    private async Task RenewLeasesAsync(CancellationToken ct)
    {
        using var ticks = new PeriodicTimer(Options.LeaseDuration / 3, TimeProvider.System);
        try
        {
            while (await ticks.WaitForNextTickAsync(ct))
            {
                try
                {
                    var now = clock.GetUtcNow();
                    await store.RenewLeasesAsync(Options.NodeId, [.. _running.Keys], now + OnServiceClock(Options.LeaseDuration), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Renewing leases failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
