using AuditOrchestrator.Engine.Runtime;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Runtime;

public class ActivityResultTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void WaitFor_ASignalAndATimer_Suspends()
    {
        var result = ActivityResult.WaitFor(new BookmarkRequest.Signal("answered", "item-1"), new BookmarkRequest.Timer(Noon));

        Assert.That(result, Is.InstanceOf<ActivityResult.Suspended>().With.Property("Bookmarks").Count.EqualTo(2));
    }

    [Test]
    public void WaitFor_TwoTimers_IsRefused()
    {
        var refused = Assert.Throws<ArgumentException>(() =>
            ActivityResult.WaitFor(new BookmarkRequest.Timer(Noon), new BookmarkRequest.Timer(Noon.AddHours(1))));

        Assert.That(refused!.Message, Does.Contain("at most one timer"));
    }
}
