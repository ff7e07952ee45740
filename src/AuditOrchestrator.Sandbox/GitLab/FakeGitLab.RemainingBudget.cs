using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>GitLab's request budget as its answers tell it: <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c>.</summary>
public sealed partial class FakeGitLab
{
    private readonly Lock budgetGate = new();
    private TimeSpan? exhaustNext;
    private DateTimeOffset? budgetResetAt;

    /// <summary>
    /// The next answer says <c>RateLimit-Remaining: 0</c> and a <c>RateLimit-Reset</c> <paramref name="resetIn"/> later
    /// (rounded up to GitLab's whole seconds); until then, as GitLab does, every request is refused with 429.
    /// </summary>
    public void ExhaustBudgetOnNext(TimeSpan resetIn)
    {
        lock (budgetGate)
        {
            exhaustNext = resetIn;
        }
    }

    private async Task KeepBudgetAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/_control", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        TimeSpan? refuseFor = null;
        DateTimeOffset? exhaustedUntil = null;
        lock (budgetGate)
        {
            var now = Time.GetUtcNow();
            if (budgetResetAt is { } reset && now < reset)
            {
                refuseFor = reset - now;
            }
            else if (exhaustNext is { } resetIn)
            {
                exhaustNext = null;
                budgetResetAt = exhaustedUntil = DateTimeOffset.FromUnixTimeSeconds((long)Math.Ceiling((now + resetIn).ToUnixTimeMilliseconds() / 1000.0));
            }
        }

        if (refuseFor is { } wait)
        {
            await WriteRateLimitedAsync(context, wait);
            return;
        }
        if (exhaustedUntil is { } until)
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers["RateLimit-Limit"] = "600";
                headers["RateLimit-Observed"] = "600";
                headers["RateLimit-Remaining"] = "0";
                headers["RateLimit-Reset"] = until.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                headers["RateLimit-ResetTime"] = until.ToString("r", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
        }
        await next(context);
    }
}
