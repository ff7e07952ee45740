namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// This node's hold on one claimed instance. The database's clock decides when a lease expires; the node cannot read
/// that clock while the database is unreachable, so it keeps its own conservative deadline on the monotonic clock,
/// counted from the moment it SENT the claim or renewal (the database set the expiry after that). Its token is
/// cancelled when that deadline passes without a renewal, when a renewal finds the lease gone, or when the node stops;
/// the step's work (the activity, its HTTP calls) stops with it.
/// </summary>
internal sealed class LeaseGuard : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly TimeSpan _usable;

    /// <param name="usable">How long after a claim or renewal is sent the lease may still be used (its duration less a margin).</param>
    public LeaseGuard(TimeSpan usable, long sentAt, CancellationToken stopping)
    {
        _usable = usable;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Renewed(sentAt);
    }

    public CancellationToken Token => _cancel.Token;

    public bool Lost { get; private set; }

    /// <summary>The database extended the lease by a statement sent at <paramref name="sentAt"/> (a monotonic timestamp).</summary>
    public void Renewed(long sentAt)
    {
        var left = _usable - TimeProvider.System.GetElapsedTime(sentAt);
        try
        {
            if (left <= TimeSpan.Zero)
            {
                Lose();
            }
            else
            {
                _cancel.CancelAfter(left);
            }
        }
        catch (ObjectDisposedException)
        {
            // The run ended meanwhile.
        }
    }

    /// <summary>The lease is gone (taken over, cancelled, or expired): the step stops before its next side effect.</summary>
    public void Lose()
    {
        Lost = true;
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended meanwhile.
        }
    }

    public void Dispose() => _cancel.Dispose();
}
