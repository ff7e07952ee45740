namespace AuditOrchestrator.Engine.Runtime;

/// <summary>Lets this node's executor look for work at once after something became runnable here, instead of at its next poll.</summary>
public sealed class ExecutorWakeUp
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Waits until woken or until the poll interval (real time) passes.</summary>
    public Task WaitAsync(TimeSpan pollInterval, CancellationToken ct) => _signal.WaitAsync(pollInterval, ct);
}
