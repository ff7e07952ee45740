using System.Globalization;

namespace AuditOrchestrator.Benchmarks.AuditScale;

/// <summary>
/// The vendors' rate limits of the benchmark: the documented per-minute limits, each window shortened by
/// <paramref name="Scale"/> (Scale 1 is the real limits).
/// </summary>
internal sealed record VendorLimits(double Scale)
{
    public const int PagerDutyPerMinute = 960;
    public const int GitLabNotesPerMinute = 300;
    public const int GitLabRequestsPerMinute = 2000;

    /// <summary>The length of one rate-limit window of the benchmark (a minute at Scale 1).</summary>
    public TimeSpan Window => TimeSpan.FromMinutes(1 / Scale);

    public double PagerDutyPerSecond => PagerDutyPerMinute * Scale / 60;
    public double NotesPerSecond => GitLabNotesPerMinute * Scale / 60;
    public double GitLabPerSecond => GitLabRequestsPerMinute * Scale / 60;
}

/// <summary>What the audit of N people needs at the least, and the floor of its wall time the rate limits allow.</summary>
internal sealed record ScaleMinimum(int People, int Managers, int Schedules)
{
    /// <summary>Re-check rounds of an item nobody answers: after the first wait, the second, and the manager's.</summary>
    public const int RecheckRounds = 3;

    /// <summary>Notes on an item's thread when nobody answers: the person, again, the manager, the SOM.</summary>
    public const int NotesPerItem = 4;

    /// <summary>The waits of chart 001 an unanswered item sits through: 72 hours, 4 days, 72 hours.</summary>
    public static readonly TimeSpan ChartWaits = TimeSpan.FromDays(3) + TimeSpan.FromDays(4) + TimeSpan.FromDays(3);

    /// <summary>One PagerDuty pass: user pages of 100 (the team, their managers and the SOM), schedule pages of 100, each schedule.</summary>
    public int PagerDutyPass => Pages(People + Managers + 1) + Pages(Schedules) + Schedules;

    /// <summary>The issue, every item's notes, the review note, closing the issue.</summary>
    public int GitLabWrites => 1 + (NotesPerItem * People) + 1 + 1;

    /// <summary>The issue template, the SOM's user (the assignee), whether each person can see the issue. Re-checks read none: answers arrive by webhook.</summary>
    public int GitLabReads => 2 + People;

    public int GitLabRequests => GitLabWrites + GitLabReads;

    /// <summary>The notes that go through the note-creation limit: every item's and the review note.</summary>
    public int Notes => (NotesPerItem * People) + 1;

    /// <summary>
    /// The least wall time the limits allow (real time; the chart's waits run on the service clock, <paramref name="clockSpeed"/>
    /// times faster): the run's first pass, then the greatest of (a) every note at the note limit, (b) every GitLab request at
    /// the request limit, (c) the chain of the item pinged last: the first pings of all items, the three waits, a pass
    /// for each re-check, its three further notes and the review note; then, after the approval, one more pass (the close
    /// reads the accounts again for the evidence's "after" list before it closes the issue).
    /// </summary>
    public TimeSpan Floor(VendorLimits limits, double clockSpeed)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var pass = PagerDutyPass / limits.PagerDutyPerSecond;
        var notes = Notes / limits.NotesPerSecond;
        var requests = GitLabRequests / limits.GitLabPerSecond;
        // After the first pings: the waits, a pass per re-check, the item's three further notes and the review note.
        var chain = (People / limits.NotesPerSecond) + (ChartWaits.TotalSeconds / clockSpeed) + (RecheckRounds * pass)
            + (NotesPerItem / limits.NotesPerSecond);
        return TimeSpan.FromSeconds(pass + Math.Max(notes, Math.Max(requests, chain)) + pass);
    }

    private static int Pages(int count) => Math.Max(1, (count + 99) / 100);
}

/// <summary>Growth exponents and the machine lines.</summary>
internal static class ScaleArithmetic
{
    /// <summary>How a figure grows from N=<paramref name="n1"/> to N=<paramref name="n2"/>: log(f2/f1) / log(n2/n1); 1 is linear.</summary>
    public static double Exponent(double f1, double f2, double n1, double n2) =>
        f1 <= 0 || f2 <= 0 ? double.NaN : Math.Log(f2 / f1) / Math.Log(n2 / n1);

    /// <summary>
    /// One machine-readable line: <c>audit-scale n=… figure=… value=… target=… ratio=… met=…</c>; ratio is value/target
    /// (met when at most 1). A figure with no target prints <c>target=- ratio=- met=-</c>.
    /// </summary>
    public static string MachineLine(string n, string figure, double value, double? target) => target is { } t
        ? string.Create(CultureInfo.InvariantCulture, $"audit-scale n={n} figure={figure} value={value:0.###} target={t:0.###} ratio={value / t:0.###} met={(value <= t ? "yes" : "no")}")
        : string.Create(CultureInfo.InvariantCulture, $"audit-scale n={n} figure={figure} value={value:0.###} target=- ratio=- met=-");
}
