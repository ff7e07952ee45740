using Microsoft.AspNetCore.Http;
namespace AuditOrchestrator.Sandbox.Hosting;

/// <summary>Faults a test or the sandbox operator switches on for the next requests of a fake vendor.</summary>
public sealed class FaultSwitches
{
    private readonly Lock gate = new();
    private int failuresLeft;
    private int failureStatus = StatusCodes.Status503ServiceUnavailable;
    private int rateLimitsLeft;
    private TimeSpan rateLimitWait = TimeSpan.FromSeconds(1);
    private int slowLeft;
    private TimeSpan slowDelay;
    private int appliedFailuresLeft;
    private int appliedFailureStatus = StatusCodes.Status502BadGateway;
    private string appliedFailureMethod = HttpMethods.Post;
    private string? appliedFailurePath;

    /// <summary>The next <paramref name="count"/> requests answer <paramref name="status"/> (a 5xx by default 503).</summary>
    public void FailNext(int count, int status = StatusCodes.Status503ServiceUnavailable)
    {
        lock (gate)
        {
            failuresLeft = count;
            failureStatus = status;
        }
    }

    /// <summary>The next <paramref name="count"/> requests answer 429 with the vendor's headers asking to wait <paramref name="wait"/>.</summary>
    public void RateLimitNext(int count, TimeSpan? wait = null)
    {
        lock (gate)
        {
            rateLimitsLeft = count;
            rateLimitWait = wait ?? TimeSpan.FromSeconds(1);
        }
    }

    /// <summary>The next <paramref name="count"/> requests answer only after <paramref name="delay"/>.</summary>
    public void SlowNext(int count, TimeSpan delay)
    {
        lock (gate)
        {
            slowLeft = count;
            slowDelay = delay;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> <paramref name="method"/> requests are carried out, then answered
    /// <paramref name="status"/>: a gateway that lost the answer of a request the vendor did apply. With
    /// <paramref name="path"/>, only requests whose path starts with it count.
    /// </summary>
    public void FailAfterApplyingNext(int count, int status = StatusCodes.Status502BadGateway, string method = "POST", string? path = null)
    {
        lock (gate)
        {
            appliedFailuresLeft = count;
            appliedFailureStatus = status;
            appliedFailureMethod = method;
            appliedFailurePath = path;
        }
    }

    /// <summary>How many of the requests <see cref="SlowNext"/> asked for have not come yet.</summary>
    public int SlowRequestsLeft
    {
        get
        {
            lock (gate)
            {
                return slowLeft;
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            failuresLeft = rateLimitsLeft = slowLeft = appliedFailuresLeft = 0;
        }
    }

    internal int? TakeAfterApplying(string method, string path)
    {
        lock (gate)
        {
            if (appliedFailuresLeft > 0 && HttpMethods.Equals(method, appliedFailureMethod)
                && (appliedFailurePath is null || path.StartsWith(appliedFailurePath, StringComparison.Ordinal)))
            {
                appliedFailuresLeft--;
                return appliedFailureStatus;
            }

            return null;
        }
    }

    internal (int? FailStatus, TimeSpan? RateLimitWait, TimeSpan? Delay) Take()
    {
        lock (gate)
        {
            TimeSpan? delay = null;
            if (slowLeft > 0)
            {
                slowLeft--;
                delay = slowDelay;
            }

            if (failuresLeft > 0)
            {
                failuresLeft--;
                return (failureStatus, null, delay);
            }

            if (rateLimitsLeft > 0)
            {
                rateLimitsLeft--;
                return (null, rateLimitWait, delay);
            }

            return (null, null, delay);
        }
    }
}
