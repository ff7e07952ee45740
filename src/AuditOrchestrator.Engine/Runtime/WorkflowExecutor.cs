using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// This node's executor: claims runnable instances (several nodes side by side), runs each until it waits, ends or
/// has taken its share of steps, and commits. Leases are set and compared on the database's clock, never a node's
/// own, and renewed while a run works; a run whose lease is lost, or cannot be renewed in time, is cancelled before
/// its next side effect (<see cref="LeaseGuard"/>).
/// </summary>
public sealed partial class WorkflowExecutor(
    InstanceStore store,
    InstanceRunner runner,
    ExecutorWakeUp wakeUp,
    TimeProvider clock,
    IOptions<ExecutorOptions> options,
    ILogger<WorkflowExecutor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, ClaimedRun> _running = new();
    private ExecutorOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var renewal = Task.Run(() => RenewLeasesAsync(stoppingToken), CancellationToken.None);
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = Options.MaxConcurrency - _running.Count;
            var (claimed, sentAt) = free > 0 ? await ClaimAsync(free, stoppingToken) : ([], 0);
            foreach (var instance in claimed)
            {
                var run = new ClaimedRun(new LeaseGuard(Options.UsableLease, sentAt, stoppingToken));
                _running[instance.Id] = run;
                run.Task = RunAsync(instance, run, stoppingToken);
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
        await Task.WhenAll(_running.Values.Select(r => r.Task));
        await renewal;
    }

    private async Task<(IReadOnlyList<InstanceState> Claimed, long SentAt)> ClaimAsync(int limit, CancellationToken ct)
    {
        try
        {
            // Taken before the statement is sent: the database sets the expiry later, so this node's deadline is early.
            var sentAt = TimeProvider.System.GetTimestamp();
            return (await store.ClaimAsync(Options.NodeId, clock.GetUtcNow(), Options.LeaseDuration, limit, ct), sentAt);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Claiming runnable instances failed; retrying");
            return ([], 0);
        }
    }

    private async Task RunAsync(InstanceState instance, ClaimedRun run, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var lease = run.Lease;
        try
        {
            await runner.RunAsync(instance, Options.NodeId, Options.MaxStepsPerRun, lease.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-run: hand the instance back; its steps run again elsewhere (at-least-once).
            await store.ReleaseAsync(Options.NodeId, instance.Id, CancellationToken.None);
        }
        catch (Exception e) when (e is LeaseLostException || lease.Token.IsCancellationRequested)
        {
            // Nothing is committed: the node that holds (or next claims) the lease runs the step again, and finds the
            // effects this run made by their idempotency keys.
            lease.Lose();
            LogLeaseLost(logger, instance.Id, instance.CurrentStep, e.GetType().Name);
        }
        catch (Exception e)
        {
            // The commit itself failed (database gone): the lease expires and a node runs the instance again.
            logger.LogError(e, "Run of instance {InstanceId} failed before its commit", instance.Id);
        }
        finally
        {
            // Only this run's entry: after a lost lease the same instance may already be claimed again by a new run.
            _running.TryRemove(KeyValuePair.Create(instance.Id, run));
            lease.Dispose();
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
                var held = _running.ToArray();
                if (held.Length == 0)
                {
                    continue;
                }
                var sentAt = TimeProvider.System.GetTimestamp();
                try
                {
                    // A renewal that hangs (the database paused) must not hold the next one back for long.
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(Options.LeaseDuration);
                    var renewed = await store.RenewLeasesAsync(Options.NodeId, [.. held.Select(h => h.Key)], Options.LeaseDuration, timeout.Token);
                    foreach (var (id, run) in held)
                    {
                        if (renewed.Contains(id))
                        {
                            run.Lease.Renewed(sentAt);
                        }
                        else
                        {
                            run.Lease.Lose();
                        }
                    }
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // Each run stops on its own once its deadline passes without a renewal.
                    logger.LogWarning(e, "Renewing leases failed; runs stop at their lease deadline unless a renewal succeeds");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>A run this node is working on, with its hold on the instance.</summary>
    private sealed class ClaimedRun(LeaseGuard lease)
    {
        public LeaseGuard Lease { get; } = lease;
        public Task Task { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceId} lost its lease at step {Step} ({Reason}); the step stops here and runs again under the next lease")]
    private static partial void LogLeaseLost(ILogger logger, Guid instanceId, string? step, string reason);
}
