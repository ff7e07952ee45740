using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.IntegrationTests.Collector;

public sealed class PollWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void ForPass_OnFirstStart_CoversTheBackfillInSlicesOfAtMost31Days()
    {
        var windows = PollWindow.ForPass(null, Now, TimeSpan.FromDays(70), TimeSpan.FromMinutes(5));

        Assert.That(windows.Select(w => w.Until - w.Since), Is.All.LessThanOrEqualTo(PollWindow.MaxSpan));
        Assert.That(windows[0].Until, Is.EqualTo(Now));
        Assert.That(windows[^1].Since, Is.EqualTo(Now - TimeSpan.FromDays(70)));
        for (var i = 1; i < windows.Count; i++)
        {
            Assert.That(windows[i].Until, Is.EqualTo(windows[i - 1].Since), "slices meet without a gap");
        }
    }

    [Test]
    public void ForPass_AfterAPosition_StartsThatOverlapBeforeIt()
    {
        var windows = PollWindow.ForPass(Now.AddMinutes(-1), Now, TimeSpan.FromDays(7), TimeSpan.FromMinutes(5));

        Assert.That(windows, Is.EqualTo(new[] { new PollWindow(Now.AddMinutes(-6), Now) }));
    }
}
