namespace AuditOrchestrator.Engine.Jobs;

/// <summary>
/// A real-time interval as a Hangfire cron expression. Hangfire's cron has a seconds field (six fields), and its
/// recurring scheduler looks every <c>Jobs__SchedulePollingInterval</c> (1 s), so sub-minute intervals run on time.
/// Cron can only count in steps that divide the next unit, so an interval is rounded down to the nearest such step
/// (seconds and minutes dividing 60, hours dividing 24, else daily): a pass runs at least as often as configured.
/// </summary>
public static class RecurringInterval
{
    private static readonly int[] SixtyDivisors = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];
    private static readonly int[] DayDivisors = [1, 2, 3, 4, 6, 8, 12];

    public static string ToCron(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A recurring interval must be positive.");
        }
        if (interval < TimeSpan.FromMinutes(1))
        {
            return $"*/{Step(interval.TotalSeconds, SixtyDivisors)} * * * * *";
        }
        if (interval < TimeSpan.FromHours(1))
        {
            return $"0 */{Step(interval.TotalMinutes, SixtyDivisors)} * * * *";
        }
        if (interval < TimeSpan.FromDays(1))
        {
            return $"0 0 */{Step(interval.TotalHours, DayDivisors)} * * *";
        }
        return "0 0 0 * * *";
    }

    private static int Step(double units, int[] divisors) => divisors.Last(d => d <= Math.Max(1, Math.Floor(units)));
}
