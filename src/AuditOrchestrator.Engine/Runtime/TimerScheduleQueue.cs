using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// Alarms for timers committed on this node, set right after their commits off the executor's path. A node that dies
/// with timers still queued leaves them to the recurring backstop sweep: a delay, never a loss.
/// </summary>
public sealed class TimerScheduleQueue(TimerAlarms alarms) : BackgroundService
{
    private const int MaxBatch = 1000;
    private readonly Channel<TimerBookmark> _queue = Channel.CreateUnbounded<TimerBookmark>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IEnumerable<TimerBookmark> timers)
    {
        foreach (var timer in timers)
        {
            _queue.Writer.TryWrite(timer);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<DateTimeOffset>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var timer))
                {
                    batch.Add(timer.DueAt);
                }
                alarms.Schedule(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is still queued is the backstop sweep's.
        }
    }
}
