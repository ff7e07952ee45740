using AuditOrchestrator.Audits.Kickoff;
using AuditOrchestrator.Engine.Jobs;

namespace AuditOrchestrator.Tests.Jobs;

public sealed class RecurringIntervalTests
{
    [TestCase("00:00:01", "*/1 * * * * *")]
    [TestCase("00:00:07", "*/6 * * * * *")]
    [TestCase("00:00:30", "*/30 * * * * *")]
    [TestCase("00:01:00", "0 */1 * * * *")]
    [TestCase("00:15:00", "0 */15 * * * *")]
    [TestCase("00:45:00", "0 */30 * * * *")]
    [TestCase("01:00:00", "0 0 */1 * * *")]
    [TestCase("05:00:00", "0 0 */4 * * *")]
    [TestCase("1.00:00:00", "0 0 0 * * *")]
    public void Interval_BecomesTheCronStepThatRunsAtLeastAsOften(string interval, string cron) =>
        Assert.That(RecurringInterval.ToCron(TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(cron));

    [Test]
    public void ZeroInterval_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RecurringInterval.ToCron(TimeSpan.Zero));

    [Test]
    public void KickoffCron_NamesTheFirstMonthOfEachQuarter_AtTheDayAndTime()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new FiscalCalendar(2, 3, new TimeOnly(9, 30, 15), TimeZoneInfo.Utc).CronOf([1, 3, 4]), Is.EqualTo("15 30 9 3 2,8,11 *"),
                "a year from February: Q1 February, Q3 August, Q4 November");
            Assert.That(new FiscalCalendar(12, 1, new TimeOnly(9, 0), TimeZoneInfo.Utc).CronOf([1, 2]), Is.EqualTo("0 0 9 1 3,12 *"),
                "a year from December: Q1 December, Q2 March of the next calendar year");
        });
    }
}
