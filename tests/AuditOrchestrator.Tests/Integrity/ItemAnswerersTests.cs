using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Workflows;

namespace AuditOrchestrator.Tests.Integrity;

public sealed class ItemAnswerersTests
{
    private static JsonObject Dave() => new() { ["username"] = "dave", ["manager"] = "tlead", ["onTeam"] = true };

    [TestCase("open", new[] { "dave" })]
    [TestCase("escalated-manager", new[] { "dave", "tlead", "msom" })]
    [TestCase("escalated-som", new[] { "dave", "tlead", "msom" })]
    public void Person_AndAfterEscalationTheirManagerAndTheSom(string state, string[] expected) =>
        Assert.That(ItemAnswerers.Of(Dave(), "person", state, "msom"), Is.EqualTo(expected));

    [Test]
    public void AnItemThatIsTheSoms_IsAnsweredByTheSom() =>
        Assert.That(ItemAnswerers.Of(new JsonObject { ["person"] = "casey@contractor.example", ["onTeam"] = false }, "som", "open", "msom"),
            Is.EqualTo(new[] { "msom" }));

    [Test]
    public void MayAnswer_IgnoresCase_AndNobodyIsNoOne()
    {
        var answerers = ItemAnswerers.Of(Dave(), "person", "open", "msom");
        Assert.Multiple(() =>
        {
            Assert.That(ItemAnswerers.MayAnswer(answerers, "Dave"), Is.True);
            Assert.That(ItemAnswerers.MayAnswer(answerers, "bob"), Is.False);
            Assert.That(ItemAnswerers.MayAnswer(answerers, null), Is.False);
        });
    }
}
