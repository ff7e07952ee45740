using System.Globalization;
using System.Text;
using AuditOrchestrator.Audits.Workflows;

namespace AuditOrchestrator.Tests.Limits;

public sealed class ReviewNotesTests
{
    private static readonly (string Item, string State)[] FiveThousand =
        [.. Enumerable.Range(0, 5000).Select(i => (string.Create(CultureInfo.InvariantCulture, $"pagerduty.missing_id:person{i:D4}"), "addressed"))];

    [Test]
    public void Review_WhenItFitsOneNote_IsOneNoteWithEveryItemAndTheApprovalLine()
    {
        var parts = FollowUpMessages.Review("msom", "PagerDuty access audit", FiveThousand);

        Assert.That(parts, Has.Count.EqualTo(1));
        Assert.That(parts[0], Does.Contain("person0000").And.Contain("person4999").And.Contain("Approve by awarding"));
        Assert.That(Encoding.UTF8.GetByteCount(parts[0]), Is.LessThanOrEqualTo(ReviewNotes.MaxPartBytes));
    }

    [Test]
    public void Review_WhenLongerThanANote_IsSplitAtLineEnds_EveryItemOnce_TheSameWayEachTime()
    {
        const int budget = 20_000;
        var parts = FollowUpMessages.Review("msom", "PagerDuty access audit", FiveThousand, budget);
        var again = FollowUpMessages.Review("msom", "PagerDuty access audit", FiveThousand, budget);

        Assert.Multiple(() =>
        {
            Assert.That(parts, Has.Count.GreaterThan(10));
            Assert.That(again, Is.EqualTo(parts), "the same items give the same notes (each part is posted once by its key)");
            Assert.That(parts.Select(p => Encoding.UTF8.GetByteCount(p)), Has.All.LessThanOrEqualTo(budget));
            Assert.That(parts[0], Does.Contain("Approve by awarding").And.Contain($"parts 2 to {parts.Count} of {parts.Count}"));
            Assert.That(parts.Skip(1), Has.All.StartsWith("Review, continued (part "));
            var listed = parts.SelectMany(p => p.Split('\n')).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
            Assert.That(listed, Has.Count.EqualTo(5000));
            Assert.That(listed.Distinct().Count(), Is.EqualTo(5000));
        });
    }

    [Test]
    public void Review_OfMultiByteText_StaysUnderTheLimitInBytes()
    {
        var items = Enumerable.Range(0, 300).Select(i => (string.Create(CultureInfo.InvariantCulture, $"zendesk.not_on_team:{i}"), "explained by `x`: " + new string('é', 150))).ToList();
        var parts = FollowUpMessages.Review("msom", "Zendesk", items, 10_000);

        Assert.That(parts.Select(p => Encoding.UTF8.GetByteCount(p)), Has.All.LessThanOrEqualTo(10_000));
    }
}

public sealed class TokenTableLimitTests
{
    [Test]
    public void Parse_WhenTheTableHasMoreRowsThanTheMaximum_ReadsTheFirstRowsAndCountsTheRest()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 1005).Select(i => string.Create(CultureInfo.InvariantCulture, $"| token-{i} | @owner{i} | |")));
        var read = AuditOrchestrator.Audits.Workflows.TokenReview.TokenTable.Parse($"## Notes\n\n| Token name | Owner | Justification |\n|---|---|---|\n{rows}\n");

        Assert.That(read.Rows, Has.Count.EqualTo(AuditOrchestrator.Audits.Workflows.TokenReview.TokenTable.MaxRows));
        Assert.That(read.Rows[^1].Name, Is.EqualTo("token-999"));
        Assert.That(read.RowsOverLimit, Is.EqualTo(5));
        Assert.That(read.OverLimit, Is.EqualTo(Enumerable.Range(1000, 5).Select(i => string.Create(CultureInfo.InvariantCulture, $"token-{i}"))),
            "the rows left out are named, in table order");
    }
}
