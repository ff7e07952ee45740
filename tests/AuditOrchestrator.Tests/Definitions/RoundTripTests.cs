using System.Text.Json;
using AuditOrchestrator.Engine.Definitions;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Definitions;

public class RoundTripTests
{
    /// <summary>Text that YAML and JSON writers must quote or escape to keep.</summary>
    private const string Awkward = """
        id: awkward
        name: "Zendesk: \"US Federal\" # audit"
        description: |
          Two lines,
          the second with 'quotes' and ünïcode.
        start: first
        steps:
          - id: first
            activity: SetVariable
            level: audit
            label: "yes"
            settings:
              name: answer
              value: "  null  "
            next:
              done: second
          - id: second
            activity: Decision
            level: item
            label: "Has the issue still not been addressed? <b>#1</b>"
            settings:
              variable: answer
              equals: "~"
            next:
              yes: first
              no: third
          - id: third
            activity: Fail
            level: item
            label: ""
            settings:
              times: 0
              retry:
                maxAttempts: 1
                initialDelay: "1.02:03:04.5000000"
                maxDelay: "2.00:00:00"
        """;

    private static IEnumerable<TestCaseData> Definitions()
    {
        yield return new TestCaseData(Fixture.Read("catalog/audit.yaml")).SetArgDisplayNames("audit");
        yield return new TestCaseData(Fixture.Read("catalog/follow-up-item.yaml")).SetArgDisplayNames("follow-up-item");
        yield return new TestCaseData(Fixture.Valid).SetArgDisplayNames("sample");
        yield return new TestCaseData(Awkward).SetArgDisplayNames("awkward");
    }

    [TestCaseSource(nameof(Definitions))]
    public void YamlExport_WhenParsedBack_GivesAnEqualDefinition(string yaml)
    {
        var definition = Fixture.ParseValid(yaml);

        var exported = YamlExporter.Export(definition);

        Assert.That(Fixture.ParseValid(exported), Is.EqualTo(definition), exported);
    }

    [TestCaseSource(nameof(Definitions))]
    public void YamlExport_WithRegistry_LeavesDefaultsOutAndParsesBackEqual(string yaml)
    {
        var definition = Fixture.ParseValid(yaml);

        var exported = YamlExporter.Export(definition, Fixture.Registry);

        Assert.That(exported, Does.Not.Contain("retry.maxDelay: \"00:05:00\""), "a default");
        Assert.That(Fixture.ParseValid(exported), Is.EqualTo(definition), exported);
    }

    [TestCaseSource(nameof(Definitions))]
    public void Json_WhenDeserialized_GivesAnEqualDefinitionAndTheSameText(string yaml)
    {
        var definition = Fixture.ParseValid(yaml);

        var json = DefinitionJson.Serialize(definition);
        var back = DefinitionJson.Deserialize(json);

        Assert.That(back, Is.EqualTo(definition));
        Assert.That(DefinitionJson.Serialize(back), Is.EqualTo(json));
    }

    [Test]
    public void YamlExport_WithRegistry_ReadsLikeTheHandWrittenFile()
    {
        var definition = Fixture.ParseValid(Fixture.Valid.Replace("\n  - id: wait", "\n  - id: wait\n    label: Wait 72 hours"));

        var exported = YamlExporter.Export(definition, Fixture.Registry);

        Assert.That(exported, Is.EqualTo("""
            id: sample
            name: Sample
            start: ping
            steps:
              - id: ping
                activity: RecordEffect
                level: audit
                settings:
                  key: ping
                next:
                  done: wait
              - id: wait
                activity: Wait
                level: audit
                label: Wait 72 hours
                settings:
                  duration: "3.00:00:00"
                next:
                  elapsed: check
              - id: check
                activity: Decision
                level: audit
                settings:
                  variable: addressed
                next:
                  "yes": done
                  "no": ping
              - id: done
                activity: RecordEffect
                level: audit
                settings:
                  key: done

            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    [Test]
    public void Json_OfSettings_CarriesEachValueWithItsType()
    {
        var definition = Fixture.ParseValid(Awkward);

        using var json = JsonDocument.Parse(DefinitionJson.Serialize(definition));
        var third = json.RootElement.GetProperty("steps")[2];

        Assert.Multiple(() =>
        {
            Assert.That(third.GetProperty("level").GetString(), Is.EqualTo("item"));
            Assert.That(third.GetProperty("settings").GetProperty("times").GetRawText(), Is.EqualTo("""{"type":"int","value":0}"""));
            Assert.That(third.GetProperty("settings").GetProperty("retry.initialDelay").GetRawText(),
                Is.EqualTo("""{"type":"duration","value":"1.02:03:04.5000000"}"""));
            Assert.That(json.RootElement.GetProperty("steps")[0].GetProperty("next")[0].GetRawText(),
                Is.EqualTo("""{"outcome":"done","to":"second"}"""));
        });
    }

    [Test]
    public void Json_WhenSettingValueDoesNotFitItsType_ThrowsNamingTheField()
    {
        var json = DefinitionJson.Serialize(Fixture.ParseValid(Fixture.Valid))
            .Replace("""{"type":"duration","value":"3.00:00:00"}""", """{"type":"duration","value":72}""", StringComparison.Ordinal);

        var error = Assert.Throws<JsonException>(() => DefinitionJson.Deserialize(json));

        Assert.That(error!.Message, Does.Contain("steps[1].settings.duration"));
    }

    [Test]
    public void Json_WhenRequiredFieldIsMissing_Throws()
    {
        Assert.Throws<JsonException>(() => DefinitionJson.Deserialize("""{"id":"x","name":"y","steps":[]}"""));
    }

    [Test]
    public void Validate_WhenDefinitionComesFromJson_ReportsFieldsWithoutLines()
    {
        var json = DefinitionJson.Serialize(Fixture.ParseValid(Fixture.Valid))
            .Replace("\"to\":\"check\"", "\"to\":\"nowhere\"", StringComparison.Ordinal);

        var errors = DefinitionValidator.Validate(DefinitionJson.Deserialize(json), Fixture.Registry);

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "field 'steps[1].next.elapsed': leads to step 'nowhere', which does not exist",
            "field 'steps[2]': step 'check' cannot be reached from start 'ping'",
            "field 'steps[3]': step 'done' cannot be reached from start 'ping'",
        }));
    }
}
