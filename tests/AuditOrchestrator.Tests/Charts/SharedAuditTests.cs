namespace AuditOrchestrator.Tests.Charts;

/// <summary>Two charts drawn for one audit (a follow-up and a review run side by side) account for its steps together.</summary>
public sealed class SharedAuditTests
{
    private const string Readme = """
        ## Chart 900, Follow-up: node → steps

        | chart node | step(s) | notes |
        |---|---|---|
        | A "Addressed?" | `item/check` (Decision) | |
        | B "Escalate" | `item/escalate` | |
        | R "Review" | `audit/review` | |

        ## Chart 900, Token review: node → steps

        | chart node | step(s) | notes |
        |---|---|---|
        | W "Wait for the table" | `side/wait` | |
        | R "Review" | `audit/review` | |
        """;

    private static readonly ChartFixture FollowUp = new("900-follow-up.mmd", "900", "Follow-up",
        MermaidGraph.Parse("graph TD;\nA--No-->B\nA--Yes-->R\nB-->R\nA(Addressed?)\nB(Escalate)\nR(Review)\n"));

    private static readonly ChartFixture TokenReview = new("900-token-review.mmd", "900", "Token review",
        MermaidGraph.Parse("graph TD;\nW-->R\nW(Wait for the table)\nR(Review)\n"));

    [Test]
    public void Check_WhenTwoChartsShareAnAudit_EachPasses_WithTheOthersStepsAccountedFor()
    {
        var sections = ChartMapping.ParseReadme(Readme);
        var conformance = new ChartConformance(FlowGraphTests.Definitions, Tests.Definitions.Fixture.Registry);

        Assert.Multiple(() =>
        {
            Assert.That(sections.Select(s => s.Key), Is.EqualTo(new[] { FollowUp.Key, TokenReview.Key }));
            Assert.That(conformance.Check(FollowUp, sections[0], sections), Is.Empty);
            Assert.That(conformance.Check(TokenReview, sections[1], sections), Is.Empty);
            Assert.That(conformance.Check(FollowUp, sections[0], [sections[0]]), Is.EqualTo(new[] { "step side/wait is mapped to no chart node" }));
        });
    }
}
