using NUnit.Framework;

namespace AuditOrchestrator.Tests.Definitions;

/// <summary>Files whose YAML is well-formed but not shaped like a definition.</summary>
public class DefinitionParserShapeTests
{
    [Test]
    public void Parse_WhenFileIsEmpty_SaysSo()
    {
        var result = Fixture.Parse("");

        Assert.That(result.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { "workflows/test.yaml:1:1: the file is empty" }));
    }

    [Test]
    public void Parse_WhenKeyIsRepeated_ReportsTheRepeat()
    {
        var result = Fixture.Parse(Fixture.Valid.Replace("      key: ping", "      key: ping\n      key: pong"));

        Assert.That(result.Errors.Single().Line, Is.EqualTo(10));
        Assert.That(result.Errors.Single().Message, Does.Contain("Duplicate key"));
    }

    [Test]
    public void Parse_WhenSettingsIsNotAMapping_ReportsOnlyThat()
    {
        var result = Fixture.Parse(Fixture.Valid.Replace("    settings:\n      duration: \"3.00:00:00\"", "    settings: \"3.00:00:00\""));

        Assert.That(result.Errors.Select(e => (e.Line, e.Field)), Is.EqualTo(new[] { (15, "steps[1].settings") }));
    }

    [Test]
    public void Parse_WhenAStepIsNotAMapping_KeepsTheIndexesOfTheOtherSteps()
    {
        var result = Fixture.Parse(Fixture.Valid.Replace("  - id: wait\n    activity: Wait", "  - just text\n  - id: wait\n    activity: Wiat"));

        Assert.That(result.Errors.Select(e => (e.Line, e.Field)), Is.EqualTo(new[] { (12, "steps[1]"), (14, "steps[2].activity") }));
    }

    [Test]
    public void Parse_WhenFileHoldsTwoDocuments_ReportsTheSecond()
    {
        var result = Fixture.Parse(Fixture.Valid + "\n---\nid: other\n");

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.Line), Is.EqualTo(new[] { 33 }));
    }

    [Test]
    public void Parse_WhenScalarSettingIsGivenAsList_SaysWhatIsExpected()
    {
        var result = Fixture.Parse(Fixture.Valid.Replace("duration: \"3.00:00:00\"", "duration:\n        - \"3.00:00:00\""));

        Assert.That(result.Errors.Select(e => (e.Line, e.Field, e.Message)), Is.EqualTo(new[]
        {
            (17, "steps[1].settings.duration", "expected a duration, not a list or mapping"),
        }));
    }
}
