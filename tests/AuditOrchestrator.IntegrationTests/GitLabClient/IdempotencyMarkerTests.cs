using NUnit.Framework;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class IdempotencyMarkerTests
{
    [Test]
    public void Embed_ThenFind_ReturnsTheKey()
    {
        var body = IdempotencyMarker.Embed("@alice please check your PagerDuty id.", "run-42:item-7:ping-1");

        Assert.That(body, Does.EndWith("\n\n<!-- ao:key=run-42:item-7:ping-1 -->"));
        Assert.That(IdempotencyMarker.Find(body), Is.EqualTo("run-42:item-7:ping-1"));
        Assert.That(IdempotencyMarker.Carries(body, "run-42:item-7:ping-1"), Is.True);
    }

    [Test]
    public void Carries_WhenKeyIsAPrefixOfAnother_DoesNotMatch()
    {
        var body = IdempotencyMarker.Embed("text", "run-42:item-17");

        Assert.That(IdempotencyMarker.Carries(body, "run-42:item-1"), Is.False);
    }

    [Test]
    public void Find_WhenBodyHasNoMarker_ReturnsNull()
    {
        Assert.That(IdempotencyMarker.Find("just a comment <!-- other -->"), Is.Null);
    }

    [TestCase("")]
    [TestCase("has space")]
    [TestCase("ends-the--comment")]
    [TestCase("x>y")]
    public void Embed_WhenKeyCouldBreakTheComment_Throws(string key)
    {
        Assert.Throws<ArgumentException>(() => IdempotencyMarker.Embed("text", key));
    }
}
