using AuditOrchestrator.Audits.Kickoff;

namespace AuditOrchestrator.Tests.Kickoff;

public sealed class FiscalCalendarTests
{
    private static readonly int[] FirstAndThird = [1, 3];
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static FiscalCalendar GitLab(TimeZoneInfo? zone = null, int day = 1, string time = "09:00") =>
        new(2, day, TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), zone ?? TimeZoneInfo.Utc);

    [TestCase("2026-02-01T00:00:00Z", "FY2027-Q1")]
    [TestCase("2026-04-30T23:59:59Z", "FY2027-Q1")]
    [TestCase("2026-05-01T00:00:00Z", "FY2027-Q2")]
    [TestCase("2026-08-15T12:00:00Z", "FY2027-Q3")]
    [TestCase("2026-11-22T00:00:00Z", "FY2027-Q4")]
    [TestCase("2027-01-31T23:00:00Z", "FY2027-Q4")]
    [TestCase("2027-02-01T00:00:00Z", "FY2028-Q1")]
    public void PeriodOf_FollowsAFiscalYearStartingInFebruary(string instant, string expected) =>
        Assert.That(GitLab().PeriodOf(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)).ToString(), Is.EqualTo(expected));

    [Test]
    public void PeriodOf_UsesTheLocalDateOfTheTimeZone()
    {
        // 1 May 00:30 in Berlin is still 30 April in UTC.
        var instant = DateTimeOffset.Parse("2026-04-30T22:30:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(GitLab(Berlin).PeriodOf(instant).ToString(), Is.EqualTo("FY2027-Q2"));
        Assert.That(GitLab().PeriodOf(instant).ToString(), Is.EqualTo("FY2027-Q1"));
    }

    [Test]
    public void KickoffOf_IsTheConfiguredDayAndTimeOfTheQuartersFirstMonth()
    {
        Assert.That(GitLab(day: 3, time: "09:30").KickoffOf(FiscalPeriod.Parse("FY2027-Q3")),
            Is.EqualTo(DateTimeOffset.Parse("2026-08-03T09:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void KickoffOf_InSummerAndWinter_KeepsTheLocalTime()
    {
        var calendar = GitLab(NewYork);
        // Q3 starts in August (EDT, UTC-4); Q4 in November (EST, UTC-5).
        Assert.That(calendar.KickoffOf(new FiscalPeriod(2027, 3)).UtcDateTime.Hour, Is.EqualTo(13));
        Assert.That(calendar.KickoffOf(new FiscalPeriod(2027, 4)).UtcDateTime.Hour, Is.EqualTo(14));
    }

    [Test]
    public void KickoffOf_AtALocalTimeSkippedBySpringForward_MovesForwardByTheGap()
    {
        // 2026-03-08 02:30 does not exist in New York: clocks jump from 02:00 EST to 03:00 EDT. A fiscal year starting
        // in March puts FY2027-Q1's first month there.
        var calendar = new FiscalCalendar(3, 8, new TimeOnly(2, 30), NewYork);
        var kickoff = calendar.KickoffOf(new FiscalPeriod(2027, 1));
        Assert.That(kickoff, Is.EqualTo(DateTimeOffset.Parse("2026-03-08T07:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(TimeZoneInfo.ConvertTime(kickoff, NewYork).Hour, Is.EqualTo(3));
    }

    [Test]
    public void KickoffOf_AtALocalTimeRepeatedByFallBack_TakesTheFirstOccurrence()
    {
        // 2026-11-01 01:30 happens twice in New York; the first is EDT (UTC-4) = 05:30 UTC.
        var calendar = new FiscalCalendar(11, 1, new TimeOnly(1, 30), NewYork);
        Assert.That(calendar.KickoffOf(new FiscalPeriod(2027, 1)),
            Is.EqualTo(DateTimeOffset.Parse("2026-11-01T05:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void NextKickoff_SkipsQuartersNotConfigured()
    {
        var after = DateTimeOffset.Parse("2026-02-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var (period, at) = GitLab().NextKickoff(after, FirstAndThird);
        Assert.That(period.ToString(), Is.EqualTo("FY2027-Q3"));
        Assert.That(at, Is.EqualTo(DateTimeOffset.Parse("2026-08-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void DuePeriod_AfterKickoffWithinTheQuarter_IsThatQuarter_AndNoneOnceItIsOver()
    {
        var calendar = GitLab();
        Assert.That(calendar.DuePeriod(DateTimeOffset.Parse("2026-02-01T08:59:00Z", System.Globalization.CultureInfo.InvariantCulture), FirstAndThird), Is.Null);
        Assert.That(calendar.DuePeriod(DateTimeOffset.Parse("2026-03-20T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), FirstAndThird)?.ToString(), Is.EqualTo("FY2027-Q1"));
        Assert.That(calendar.DuePeriod(DateTimeOffset.Parse("2026-05-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), FirstAndThird), Is.Null);
    }

    [Test]
    public void FiscalPeriod_ParsesWhatItPrints() =>
        Assert.That(FiscalPeriod.Parse("FY2027-Q3"), Is.EqualTo(new FiscalPeriod(2027, 3)));
}
