using NUnit.Framework;
using AuditOrchestrator.Engine.Definitions;

namespace AuditOrchestrator.Tests.Definitions;

/// <summary>Each test makes one mistake in <see cref="Fixture.Valid"/> and checks the file, line and field it is reported at.</summary>
public class DefinitionParserErrorTests
{
    private static DefinitionParseResult ParseWith(string line, string replacement)
    {
        if (!Fixture.Valid.Contains(line, StringComparison.Ordinal))
        {
            Assert.Fail($"the fixture no longer holds '{line}'");
        }
        var result = Fixture.Parse(Fixture.Valid.Replace(line, replacement));
        Assert.That(result.Definition, Is.Null, "a definition with errors must be rejected");
        return result;
    }

    private static (int Line, string Field)[] Where(DefinitionParseResult result) =>
        [.. result.Errors.Select(e => (e.Line, e.Field))];

    [Test]
    public void Parse_WhenYamlIsMalformed_ReportsSyntaxErrorAtItsLine()
    {
        var result = ParseWith("      elapsed: check", "      elapsed: [check");

        Assert.That(result.Errors, Has.Length.EqualTo(1));
        Assert.That(result.Errors[0].File, Is.EqualTo("workflows/test.yaml"));
        Assert.That(result.Errors[0].Message, Does.StartWith("YAML syntax error"));
        Assert.That(result.Errors[0].Line, Is.EqualTo(19));
    }

    [Test]
    public void Parse_WhenIndentationIsBroken_ReportsSyntaxErrorAtItsLine()
    {
        var result = ParseWith("    level: audit\n    settings:\n      duration", "    level: audit\n   settings:\n      duration");

        Assert.That(result.Errors, Has.Length.EqualTo(1));
        Assert.That(result.Errors[0].Message, Does.StartWith("YAML syntax error"));
        Assert.That(result.Errors[0].Line, Is.EqualTo(15));
    }

    [Test]
    public void Parse_WhenActivityIsUnknown_ReportsActivityField()
    {
        var result = ParseWith("activity: Wait", "activity: Wiat");

        Assert.That(Where(result), Is.EqualTo(new[] { (13, "steps[1].activity") }));
        Assert.That(result.Errors[0].Message, Does.Contain("unknown activity 'Wiat'"));
        Assert.That(result.Errors[0].ToString(), Does.StartWith("workflows/test.yaml:13:5: field 'steps[1].activity': "));
    }

    [Test]
    public void Parse_WhenSettingHasWrongType_ReportsSettingValue()
    {
        var result = ParseWith("duration: \"3.00:00:00\"", "duration: soon");

        Assert.That(Where(result), Is.EqualTo(new[] { (16, "steps[1].settings.duration") }));
        Assert.That(result.Errors[0].Column, Is.EqualTo(17), "the column of the value");
        Assert.That(result.Errors[0].Message, Does.Contain("expected a duration"));
    }

    [Test]
    public void Parse_WhenSettingIsOutOfRange_ReportsTheMinimum()
    {
        var result = ParseWith("duration: \"3.00:00:00\"", "duration: \"00:00:00\"");

        Assert.That(Where(result), Is.EqualTo(new[] { (16, "steps[1].settings.duration") }));
        Assert.That(result.Errors[0].Message, Is.EqualTo("must be at least 00:00:01, got 00:00:00"));
    }

    [Test]
    public void Parse_WhenIntSettingIsAboveMaximum_ReportsTheMaximum()
    {
        var result = ParseWith("      key: done", "      key: done\n      retry.maxAttempts: 101");

        Assert.That(Where(result), Is.EqualTo(new[] { (32, "steps[3].settings.retry.maxAttempts") }));
        Assert.That(result.Errors[0].Message, Is.EqualTo("must be at most 100, got 101"));
    }

    [Test]
    public void Parse_WhenRetryMaxDelayIsShorterThanTheInitialDelay_ReportsMaxDelay()
    {
        var result = ParseWith("      key: done", "      key: done\n      retry:\n        initialDelay: \"00:10:00\"");

        Assert.That(Where(result), Is.EqualTo(new[] { (32, "steps[3].settings.retry.maxDelay") }), "maxDelay is not written: the retry block");
        Assert.That(result.Errors[0].Message, Is.EqualTo("must not be shorter than retry.initialDelay (00:10:00)"));
    }

    [Test]
    public void Parse_WhenStringDoesNotMatchPattern_ReportsThePattern()
    {
        var result = ParseWith("variable: addressed", "variable: \"not a variable\"");

        Assert.That(Where(result), Is.EqualTo(new[] { (23, "steps[2].settings.variable") }));
        Assert.That(result.Errors[0].Message, Does.Contain("does not match the pattern"));
    }

    [Test]
    public void Parse_WhenRequiredSettingIsMissing_ReportsItAtTheSettingsOfTheStep()
    {
        var result = ParseWith("      variable: addressed\n", "");

        Assert.That(Where(result), Is.EqualTo(new[] { (22, "steps[2].settings.variable") }));
        Assert.That(result.Errors[0].Message, Does.Contain("required setting 'variable'"));
    }

    [Test]
    public void Parse_WhenSettingIsUnknown_ReportsItAndTheMissingOneItReplaced()
    {
        var result = ParseWith("duration: \"3.00:00:00\"", "durration: \"3.00:00:00\"");

        Assert.That(Where(result), Is.EqualTo(new[] { (15, "steps[1].settings.duration"), (16, "steps[1].settings.durration") }));
        Assert.That(result.Errors[1].Message, Is.EqualTo("unknown setting 'durration' for activity Wait"));
    }

    [Test]
    public void Parse_WhenEdgeLeadsToMissingStep_ReportsTheEdge()
    {
        var result = ParseWith("elapsed: check", "elapsed: chekc");

        Assert.That(Where(result), Does.Contain((18, "steps[1].next.elapsed")));
        Assert.That(result.Errors.First(e => e.Line == 18).Message, Does.Contain("step 'chekc', which does not exist"));
    }

    [Test]
    public void Parse_WhenOutcomeIsUnknownForActivity_ReportsTheOutcome()
    {
        var result = ParseWith("yes: done", "maybe: done");

        Assert.That(Where(result), Is.EqualTo(new[] { (25, "steps[2].next.maybe") }));
        Assert.That(result.Errors[0].Message, Does.Contain("activity Decision has no outcome 'maybe' (its outcomes: yes, no)"));
    }

    [Test]
    public void Parse_WhenStepCannotBeReachedFromStart_ReportsTheStep()
    {
        var result = ParseWith("      key: done", "      key: done\n  - id: orphan\n    activity: RecordEffect\n    level: item\n    settings:\n      key: orphan");

        Assert.That(Where(result), Is.EqualTo(new[] { (32, "steps[4]") }));
        Assert.That(result.Errors[0].Message, Is.EqualTo("step 'orphan' cannot be reached from start 'ping'"));
    }

    [Test]
    public void Parse_WhenStepIdIsUsedTwice_ReportsTheSecondStep()
    {
        var result = ParseWith("  - id: done", "  - id: wait");

        Assert.That(Where(result), Does.Contain((27, "steps[3].id")));
        Assert.That(result.Errors.First(e => e.Field == "steps[3].id").Message, Is.EqualTo("duplicate step id 'wait' (first used by steps[1])"));
    }

    [Test]
    public void Parse_WhenLevelIsInvalid_ReportsTheLevel()
    {
        var result = ParseWith("    activity: Wait\n    level: audit", "    activity: Wait\n    level: step");

        Assert.That(Where(result), Is.EqualTo(new[] { (14, "steps[1].level") }));
    }

    [Test]
    public void Parse_WhenLevelIsMissing_ReportsTheStep()
    {
        var result = ParseWith("    activity: Wait\n    level: audit\n", "    activity: Wait\n");

        Assert.That(Where(result), Is.EqualTo(new[] { (12, "steps[1].level") }));
    }

    [Test]
    public void Parse_WhenStartIsMissing_ReportsStartAtTheTop()
    {
        var result = ParseWith("start: ping\n", "");

        Assert.That(Where(result), Is.EqualTo(new[] { (1, "start") }));
    }

    [Test]
    public void Parse_WhenStartPointsNowhere_ReportsStart()
    {
        var result = ParseWith("start: ping", "start: pnig");

        Assert.That(Where(result), Is.EqualTo(new[] { (3, "start") }));
        Assert.That(result.Errors[0].Message, Is.EqualTo("step 'pnig' does not exist"));
    }

    [Test]
    public void Parse_WhenIdIsInvalid_ReportsId()
    {
        var result = ParseWith("id: sample", "id: Sample_1");

        Assert.That(Where(result), Is.EqualTo(new[] { (1, "id") }));
    }

    [TestCase("ping--now")]
    [TestCase("-ping")]
    [TestCase("ping-")]
    [TestCase("Ping")]
    public void Parse_WhenStepIdIsNotLowerCaseWordsJoinedByHyphens_ReportsIt(string id)
    {
        var result = ParseWith("  - id: done", $"  - id: \"{id}\"");

        Assert.That(Where(result), Does.Contain((27, "steps[3].id")));
    }

    [Test]
    public void Parse_WhenFieldIsUnknown_ReportsIt()
    {
        var result = ParseWith("    level: audit\n    settings:\n      key: ping", "    level: audit\n    setings:\n      key: ping");

        Assert.That(Where(result), Does.Contain((8, "steps[0].setings")));
    }

    [Test]
    public void Parse_WhenFileHasSeveralMistakes_ReportsEveryOneInLineOrder()
    {
        var yaml = Fixture.Valid
            .Replace("activity: RecordEffect\n    level: audit\n    settings:\n      key: ping", "activity: Recordeffect\n    level: audit\n    settings:\n      key: ping")
            .Replace("duration: \"3.00:00:00\"", "duration: 3")
            .Replace("yes: done", "yes: gone");

        var result = Fixture.Parse(yaml);

        Assert.That(result.Definition, Is.Null);
        Assert.That(Where(result), Is.EqualTo(new[]
        {
            (6, "steps[0].activity"),
            (16, "steps[1].settings.duration"),
            (25, "steps[2].next.yes"),
            (27, "steps[3]"),
        }));
    }
}
