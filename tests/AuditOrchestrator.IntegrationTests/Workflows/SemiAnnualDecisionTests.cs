using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Workflows;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>The pure parts of chart 000: which items are not addressed after the join, and the texts that reach the SOM.</summary>
public sealed class SemiAnnualDecisionTests
{
    [Test]
    public void NotAddressed_KeepsOpenAndEscalatedItems_AndDropsAddressedExplainedAndCancelled()
    {
        RunItem[] items =
        [
            new("alice", "alice", "addressed"),
            new("bob", "bob", "explained"),
            new("carol", "carol", "cancelled"),
            new("dave", "dave", "escalated-manager"),
            new("erin", "erin", "open"),
            new("casey@contractor.example", "casey@contractor.example", "escalated-som"),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(RunItems.NotAddressed(items).Select(i => i.Id), Is.EqualTo(new[] { "dave", "erin", "casey@contractor.example" }));
            Assert.That(RunItems.NotAddressed(items.Take(3)), Is.Empty, "all addressed: the DM is not sent");
        });
    }

    [Test]
    public void ManagerAndSomPing_MentionsBothInOneNote()
    {
        var item = new JsonObject { ["username"] = "dave", ["name"] = "Dave Never" };

        var text = FollowUpMessages.ManagerAndSomPing("tlead", "msom", item);

        Assert.That(text, Does.StartWith("@tlead @msom ").And.Contain("Dave Never (`dave`)").And.Contain("72 hours"));
    }

    [Test]
    public void ManagerAndSomPing_WhenTheManagerIsTheSom_MentionsThemOnce()
    {
        var text = FollowUpMessages.ManagerAndSomPing("MSOM", "msom", new JsonObject { ["username"] = "dave", ["name"] = "Dave Never" });

        Assert.That(text, Does.StartWith("@msom the findings"));
    }

    [TestCase(false, "U1", "Slack is not configured (Slack__Token)")]
    [TestCase(true, null, "the SOM has no Slack id in the team data")]
    [TestCase(true, " ", "the SOM has no Slack id in the team data")]
    [TestCase(true, "U1", null)]
    public void WhyNoDirectMessage_SkipsTheDmOnlyWhenSlackOrTheSomsIdIsMissing(bool configured, string? slackId, string? expected) =>
        Assert.That(DirectMessageSomActivity.WhyNoDirectMessage(configured, slackId), Is.EqualTo(expected));

    [Test]
    public void SomDirectMessage_LinksTheIssue_AndListsEachItemNotAddressedWithItsState()
    {
        var text = FollowUpMessages.SomDirectMessage("PagerDuty access audit FY2027-Q1", "https://gitlab.example/issues/7",
            [new("heidi", "heidi", "escalated-manager"), new("casey@contractor.example", null, "escalated-som")]);

        Assert.That(text.Split('\n').Select(l => l.TrimEnd('\r')), Is.EqualTo(new[]
        {
            "Not every item of <https://gitlab.example/issues/7|PagerDuty access audit FY2027-Q1> has been addressed after the pings and the escalation (2 open). Please look into them before your review:",
            "• `heidi`: escalated-manager",
            "• `casey@contractor.example`: escalated-som",
        }));
    }
}
