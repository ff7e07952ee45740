using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AuditOrchestrator.Audits.Kickoff;

/// <summary>
/// The kickoff calendar: which fiscal quarter a moment falls in, and the moment an audit starts in a quarter (the
/// Nth day of the quarter's first month, at a local time in a time zone). Pure: unit-tested across daylight-saving
/// changes without a host.
/// </summary>
public sealed class FiscalCalendar
{
    public FiscalCalendar(int fiscalYearStartMonth, int day, TimeOnly time, TimeZoneInfo timeZone)
    {
        if (fiscalYearStartMonth is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(fiscalYearStartMonth), fiscalYearStartMonth, "Schedule__FiscalYearStartMonth must be 1 to 12.");
        }
        if (day is < 1 or > 28)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "Schedule__Day must be 1 to 28, so that every month has it.");
        }
        FiscalYearStartMonth = fiscalYearStartMonth;
        Day = day;
        Time = time;
        TimeZone = timeZone;
    }

    /// <summary>
    /// The calendar of <c>Schedule__*</c> (README, "Configuration"): <c>FiscalYearStartMonth</c> (2), <c>Day</c> (1), <c>Time</c>
    /// (09:00) and <c>TimeZone</c> (UTC). The kickoff and a run's fiscal period both read it, so a moment falls in the
    /// same quarter for both.
    /// </summary>
    public static FiscalCalendar From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var schedule = configuration.GetSection("Schedule");
        var startMonth = Int(schedule, "FiscalYearStartMonth", 2);
        var day = Int(schedule, "Day", 1);
        var timeText = schedule["Time"] ?? "09:00";
        if (!TimeOnly.TryParse(timeText, CultureInfo.InvariantCulture, out var time))
        {
            throw new InvalidOperationException($"Schedule__Time '{timeText}' is not a time like 09:00.");
        }
        var zoneId = schedule["TimeZone"] ?? "UTC";
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new InvalidOperationException($"Schedule__TimeZone '{zoneId}' is not a known time zone (use an IANA name like Europe/Berlin).");
        }
        return new FiscalCalendar(startMonth, day, time, zone);
    }

    private static int Int(IConfigurationSection section, string key, int fallback) =>
        section[key] is { } text
            ? int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : throw new InvalidOperationException($"{section.Path}__{key} '{text}' is not a number.")
            : fallback;

    public int FiscalYearStartMonth { get; }
    public int Day { get; }
    public TimeOnly Time { get; }
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The fiscal quarter that the local date of <paramref name="instant"/> falls in.</summary>
    public FiscalPeriod PeriodOf(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZone);
        var monthsIntoYear = (local.Month - FiscalYearStartMonth + 12) % 12;
        // The fiscal year is named by the calendar year in which it ends.
        var startYear = local.Month >= FiscalYearStartMonth ? local.Year : local.Year - 1;
        var fiscalYear = FiscalYearStartMonth == 1 ? startYear : startYear + 1;
        return new FiscalPeriod(fiscalYear, monthsIntoYear / 3 + 1);
    }

    /// <summary>The first calendar month (year, month) of a fiscal quarter.</summary>
    public (int Year, int Month) FirstMonthOf(FiscalPeriod period)
    {
        var startYear = FiscalYearStartMonth == 1 ? period.FiscalYear : period.FiscalYear - 1;
        var monthIndex = FiscalYearStartMonth - 1 + (period.Quarter - 1) * 3;
        return (startYear + monthIndex / 12, monthIndex % 12 + 1);
    }

    /// <summary>
    /// The kickoff moment of a quarter. A local time that does not exist (the clock jumps forward over it) moves forward
    /// by the jump; one that happens twice (the clock goes back) is taken at its first occurrence.
    /// </summary>
    public DateTimeOffset KickoffOf(FiscalPeriod period)
    {
        var (year, month) = FirstMonthOf(period);
        var local = new DateTime(year, month, Day, Time.Hour, Time.Minute, Time.Second, DateTimeKind.Unspecified);
        if (TimeZone.IsInvalidTime(local))
        {
            var gap = TimeZone.GetAdjustmentRules()
                .Where(r => r.DateStart <= local && local <= r.DateEnd)
                .Select(r => r.DaylightDelta)
                .FirstOrDefault(TimeSpan.FromHours(1));
            local = local.Add(gap);
        }
        var offset = TimeZone.IsAmbiguousTime(local)
            ? TimeZone.GetAmbiguousTimeOffsets(local).Max()
            : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The first kickoff strictly after <paramref name="after"/> among the given quarters.</summary>
    public (FiscalPeriod Period, DateTimeOffset At) NextKickoff(DateTimeOffset after, IReadOnlyCollection<int> quarters)
    {
        ArgumentNullException.ThrowIfNull(quarters);
        if (quarters.Count == 0)
        {
            throw new ArgumentException("At least one quarter is needed.", nameof(quarters));
        }
        var period = PeriodOf(after);
        for (var i = 0; i < 8; i++, period = period.Next())
        {
            if (quarters.Contains(period.Quarter) && KickoffOf(period) > after)
            {
                return (period, KickoffOf(period));
            }
        }
        throw new InvalidOperationException("No kickoff within two years: check Schedule__Quarters.");
    }

    /// <summary>
    /// The period whose kickoff is due at <paramref name="now"/> and still within its own quarter (so a node that was
    /// down over a kickoff starts it late, but never once the quarter is over); null when there is none.
    /// </summary>
    public FiscalPeriod? DuePeriod(DateTimeOffset now, IReadOnlyCollection<int> quarters)
    {
        ArgumentNullException.ThrowIfNull(quarters);
        var period = PeriodOf(now);
        return quarters.Contains(period.Quarter) && KickoffOf(period) <= now ? period : null;
    }

    /// <summary>
    /// The kickoff moments of the given quarters as a six-field cron expression in <see cref="TimeZone"/> (the day and
    /// time of the first month of each quarter), for a scheduler that fires in local time. Daylight-saving gaps are
    /// the scheduler's to resolve; <see cref="DuePeriod"/> still decides whether a kickoff is due.
    /// </summary>
    public string CronOf(IReadOnlyCollection<int> quarters)
    {
        ArgumentNullException.ThrowIfNull(quarters);
        var months = quarters.Select(q => (FiscalYearStartMonth - 1 + (q - 1) * 3) % 12 + 1).Distinct().Order();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Time.Second} {Time.Minute} {Time.Hour} {Day} {string.Join(',', months)} *");
    }
}
