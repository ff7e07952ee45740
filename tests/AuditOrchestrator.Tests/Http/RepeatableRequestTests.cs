using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Tests.Http;

public sealed class RepeatableRequestTests
{
    [TestCase("GET", true)]
    [TestCase("HEAD", true)]
    [TestCase("PUT", true)]
    [TestCase("DELETE", true)]
    [TestCase("POST", false)]
    [TestCase("PATCH", false)]
    public void IsRepeatable_FollowsTheMethodsIdempotence(string method, bool repeatable)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://vendor.example/api");

        Assert.That(VendorResilience.IsRepeatable(request), Is.EqualTo(repeatable));
    }

    [Test]
    public void IsRepeatable_WhenAPostIsMarkedSafe_IsRepeatable()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://slack.example/api/conversations.open");
        request.Options.Set(VendorResilience.SafeToRepeat, true);

        Assert.That(VendorResilience.IsRepeatable(request), Is.True);
    }
}
