namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>One <c>since</c>/<c>until</c> query range of GET /audit/records.</summary>
public readonly record struct PollWindow(DateTimeOffset Since, DateTimeOffset Until)
{
    /// <summary>PagerDuty refuses a range longer than 31 days.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(31);

    /// <summary>
    /// The range a pass reads: from the saved position less the overlap (or, on the first pass, the backfill) up to now,
    /// cut into slices of at most 31 days, newest first.
    /// </summary>
    public static IReadOnlyList<PollWindow> ForPass(DateTimeOffset? collectedUntil, DateTimeOffset now, TimeSpan backfill, TimeSpan overlap)
    {
        var since = collectedUntil is { } position ? position - overlap : now - backfill;
        if (since >= now)
        {
            since = now - overlap;
        }

        var slices = new List<PollWindow>();
        for (var until = now; until > since; until -= MaxSpan)
        {
            var start = until - MaxSpan > since ? until - MaxSpan : since;
            slices.Add(new PollWindow(start, until));
        }

        return slices;
    }
}
