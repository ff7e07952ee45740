using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Audits.Workflows.Calendly;
using AuditOrchestrator.Vendors.Calendly;

namespace AuditOrchestrator.IntegrationTests.Workflows.Calendly;

/// <summary>The Calendly review's decisions, without a host.</summary>
public sealed class CalendlyReviewDecisionTests
{
    private static JsonObject Item(string id, params string[] codes) => new()
    {
        ["id"] = id,
        ["person"] = id == "organisation" ? null : id,
        ["findings"] = new JsonArray([.. codes.Select(c => (JsonNode)new JsonObject { ["code"] = c, ["message"] = c })]),
    };

    private static readonly JsonArray Items =
    [
        Item("alice", "calendly.link_mismatch", "calendly.admin_not_allowed"),
        Item("Sid@Former.example", "calendly.not_on_team"),
        Item("organisation", "calendly.owner_count"),
    ];

    private static readonly CalendlyMembership[] Memberships =
        [new("https://api.calendly.com/organization_memberships/MSID1", "user", "Sid Former", "sid@former.example", null)];

    [Test]
    public void Select_SendsEveryFindingToExactlyOneFlow()
    {
        var members = CalendlyReview.Select(Items, CalendlyTake.Members, Memberships).Select(i => i!["id"]!.GetValue<string>());
        var review = CalendlyReview.Select(Items, CalendlyTake.Review, Memberships).Select(i => i!["id"]!.GetValue<string>());
        var all = CalendlyReview.Select(Items, CalendlyTake.All, Memberships).Select(i => i!["id"]!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(members, Is.EqualTo(new[] { "alice" }), "the admin rule is a member's finding");
            Assert.That(review, Is.EqualTo(new[] { "Sid@Former.example", "organisation" }));
            Assert.That(all, Is.EqualTo(new[] { "alice", "Sid@Former.example", "organisation" }));
        });
    }

    [Test]
    public void Select_WhenEmailDiffersOnlyInCase_GivesTheAccountItsMembership()
    {
        var review = CalendlyReview.Select(Items, CalendlyTake.Review, Memberships);

        Assert.Multiple(() =>
        {
            Assert.That(review[0]!["membership"]?["uuid"]?.GetValue<string>(), Is.EqualTo("MSID1"));
            Assert.That(review[1]!["membership"], Is.Null, "the owner count is nobody's membership");
        });
    }

    [Test]
    public void Removals_ListOnlyAccountsNotOnTheTeamThatEndedWithoutAJustification()
    {
        JsonObject Account(string email) => new() { ["id"] = email, ["membership"] = new JsonObject { ["uuid"] = "U-" + email, ["email"] = email } };
        var removals = CalendlyReview.Removals(
        [
            new ReviewedItem(Account("silent@x.example"), "escalated-som", null),
            new ReviewedItem(Account("justified@x.example"), "explained", null),
            new ReviewedItem(Account("gone@x.example"), "addressed", null),
            new ReviewedItem(Account("open@x.example"), "open", null),
            new ReviewedItem(new JsonObject { ["id"] = "bob" }, "escalated-manager", null),
        ]);

        Assert.That(removals.Select(r => r["email"]!.GetValue<string>()), Is.EqualTo(new[] { "open@x.example", "silent@x.example" }));
    }

    [Test]
    public void Table_ListsAccountsNotOnTheTeamTheOwnerCountAndTheAdminsRule_NotTheOtherMemberFindings()
    {
        var table = CalendlyReview.Table(CalendlyReview.Select(Items, CalendlyTake.All, Memberships));

        Assert.Multiple(() =>
        {
            Assert.That(table, Does.Contain("| Sid@Former.example | Sid Former | user | calendly.not_on_team |"));
            Assert.That(table, Does.Contain("| the organisation |").And.Contain("calendly.owner_count"));
            Assert.That(table, Does.Contain("calendly.admin_not_allowed"));
            Assert.That(table, Does.Not.Contain("calendly.link_mismatch"), "the member's own findings are on their thread");
        });
    }

    [Test]
    public void CancelledItem_CountsAsSettled_InTheDecisionTheRemovalsAndTheDm_AsInEveryVariant()
    {
        JsonObject Account(string email) => new() { ["id"] = email, ["membership"] = new JsonObject { ["uuid"] = "U-" + email, ["email"] = email } };
        ReviewedItem[] items =
        [
            new(Account("cancelled@x.example"), "cancelled", null),
            new(Account("silent@x.example"), "escalated-som", null),
            new(new JsonObject { ["id"] = "alice" }, "addressed", null),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(new[] { "addressed", "explained", "cancelled" }.All(RunItems.IsSettled), Is.True);
            Assert.That(new[] { "open", "escalated-manager", "escalated-som" }.Any(RunItems.IsSettled), Is.False);
            Assert.That(RunItems.NotAddressed([new("c", null, "cancelled"), new("a", "a", "addressed")]), Is.Empty,
                "all addressed: the one AllAddressed activity of both semi-annual variants says yes");
            Assert.That(CalendlyReview.Removals(items).Select(r => r["email"]!.GetValue<string>()), Is.EqualTo(new[] { "silent@x.example" }),
                "a cancelled account's membership is left alone");
            Assert.That(CalendlyReview.ReviewDm("Calendly audit", "https://gitlab.example/issues/1", items, 1),
                Does.Contain("silent@x.example").And.Not.Contain("cancelled@x.example"));
        });
    }

    [TestCase("pagerduty-semiannual.yaml")]
    [TestCase("calendly-semiannual.yaml")]
    public void SemiAnnualVariant_DecidesAllAddressed_WithTheOneSharedActivity(string file)
    {
        var yaml = File.ReadAllText(Path.Combine(Infrastructure.RepositoryPaths.Workflows, file));
        var step = yaml[yaml.IndexOf("- id: all-addressed", StringComparison.Ordinal)..];
        Assert.That(step.Split('\n')[1].Trim(), Is.EqualTo($"activity: {AllAddressedActivity.Descriptor.Name}"));
    }
}
