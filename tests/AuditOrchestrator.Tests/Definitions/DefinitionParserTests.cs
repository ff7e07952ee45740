using NUnit.Framework;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;

namespace AuditOrchestrator.Tests.Definitions;

public class DefinitionParserTests
{
    [Test]
    public void Parse_WhenDefinitionIsValid_ReadsStepsSettingsAndEdgesInFileOrder()
    {
        var definition = Fixture.ParseValid(Fixture.Read("catalog/audit.yaml"));

        Assert.Multiple(() =>
        {
            Assert.That(definition.Id, Is.EqualTo("pagerduty-quarterly"));
            Assert.That(definition.Name, Is.EqualTo("PagerDuty audit (chart 001)"));
            Assert.That(definition.Start, Is.EqualTo("run-audit"));
            Assert.That(definition.Steps.Select(s => s.Id), Is.EqualTo(new[] { "run-audit", "follow-up", "review", "close" }));
            Assert.That(definition.StartStep.Label, Is.EqualTo("Run ./bin/pagerduty_audit"));
            Assert.That(definition.GetStep("follow-up").GetString("definition"), Is.EqualTo("follow-up-item"));
            Assert.That(definition.GetStep("review").GetDuration("timeout"), Is.EqualTo(TimeSpan.FromDays(14)));
            Assert.That(definition.GetStep("review").Next, Is.EqualTo(new[]
            {
                new Transition("signalled", "close"),
                new Transition("timed-out", "review"),
            }));
            Assert.That(definition.GetStep("close").Next, Is.Empty);
        });
    }

    [Test]
    public void Parse_WhenSettingIsLeftOut_AppliesTheActivityDefault()
    {
        var definition = Fixture.ParseValid(Fixture.Valid);
        var wait = definition.GetStep("wait");

        Assert.Multiple(() =>
        {
            Assert.That(wait.GetInt(RetrySettings.MaxAttempts), Is.EqualTo(5));
            Assert.That(wait.GetDuration(RetrySettings.InitialDelay), Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(wait.GetDuration(RetrySettings.MaxDelay), Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(wait.FindDuration("timeout"), Is.Null);
        });
    }

    [Test]
    public void Parse_WhenRetrySettingIsNestedOrDotted_ReadsTheSameSetting()
    {
        var nested = Fixture.ParseValid(Fixture.Read("catalog/audit.yaml")).GetStep("close");
        var dotted = Fixture.ParseValid(Fixture.Valid.Replace("      key: done", "      key: done\n      retry.maxAttempts: 10"))
            .GetStep("done");

        Assert.That(nested.GetInt(RetrySettings.MaxAttempts), Is.EqualTo(10));
        Assert.That(dotted.GetInt(RetrySettings.MaxAttempts), Is.EqualTo(10));
    }

    [Test]
    public void Parse_WhenSeveralOutcomesLeadToTheSameStep_AcceptsThem()
    {
        var definition = Fixture.ParseValid(Fixture.Read("catalog/follow-up-item.yaml"));

        Assert.That(definition.GetStep("wait-72h").Next.Select(t => t.To), Is.EqualTo(new[] { "addressed", "addressed" }));
        Assert.That(definition.GetStep("addressed").NextFor("yes"), Is.Null);
        Assert.That(definition.GetStep("addressed").NextFor("no"), Is.EqualTo("ping-manager"));
    }

    [Test]
    public void Parse_WhenSettingIsMissingAndHasNoDefault_GetterNamesStepAndSetting()
    {
        var step = Fixture.ParseValid(Fixture.Valid).GetStep("check");

        var error = Assert.Throws<KeyNotFoundException>(() => step.GetString("equals"));
        Assert.That(error!.Message, Does.Contain("'check'").And.Contain("'equals'"));
    }

    [Test]
    public void ToString_OfError_ReadsFileLineColumnFieldAndMessage()
    {
        var error = new DefinitionError("workflows/a.yaml", 12, 7, "steps[2].settings.duration", "expected a duration");

        Assert.That(error.ToString(), Is.EqualTo("workflows/a.yaml:12:7: field 'steps[2].settings.duration': expected a duration"));
    }
}
