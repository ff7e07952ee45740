using System.Collections.Immutable;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Audits.Workflows.Calendly;
using AuditOrchestrator.Audits.Workflows.TokenReview;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;

namespace AuditOrchestrator.Tests.Audits;

/// <summary>The audit activities' typed settings read the names, values and defaults stored definitions hold.</summary>
public sealed class StepSettingsTests
{
    [Test]
    public void Enum_settings_allow_the_names_stored_definitions_use_in_the_same_order()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AllowedValues(PingActivity.Descriptor, "whom"),
                Is.EqualTo(new[] { "person", "person-again", "manager", "som-assistance", "manager-and-som" }));
            Assert.That(AllowedValues(RecheckActivity.Descriptor, "ask"), Is.EqualTo(new[] { "addressed", "still-open" }));
            Assert.That(RecheckActivity.Descriptor.FindSetting("ask")!.Default, Is.EqualTo(SettingValue.FromEnum("addressed")));
            Assert.That(AllowedValues(SelectCalendlyItemsActivity.Descriptor, "take"), Is.EqualTo(new[] { "members", "review", "all" }));
        });
    }

    [Test]
    public void Each_allowed_name_reads_as_its_enum_member()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PingSettings.From(Step("Ping", ("whom", SettingValue.FromEnum("person-again")))).Whom, Is.EqualTo(PingWhom.PersonAgain));
            Assert.That(PingSettings.From(Step("Ping", ("whom", SettingValue.FromEnum("manager-and-som")))).Whom, Is.EqualTo(PingWhom.ManagerAndSom));
            Assert.That(PingSettings.From(Step("Ping", ("whom", SettingValue.FromEnum("som-assistance")))).Whom, Is.EqualTo(PingWhom.SomAssistance));
            Assert.That(RecheckSettings.From(Step("Recheck", ("ask", SettingValue.FromEnum("still-open")))).Ask, Is.EqualTo(RecheckAsk.StillOpen));
            Assert.That(SelectCalendlyItemsSettings.From(Step("SelectCalendlyItems", ("take", SettingValue.FromEnum("review")))).Take,
                Is.EqualTo(CalendlyTake.Review));
        });
    }

    [Test]
    public void A_name_outside_the_enum_is_refused_with_the_step_and_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PingSettings.From(Step("Ping", ("whom", SettingValue.FromEnum("Person")))));
        Assert.That(error!.Message, Does.Contain("'ping-step'").And.Contain("'whom'").And.Contain("Person"));
    }

    [Test]
    public void Scalar_and_list_settings_read_as_typed_values()
    {
        var issue = CreateAuditIssueSettings.From(Step("CreateAuditIssue",
            ("template", SettingValue.FromString("Audit")), ("title", SettingValue.FromString("PagerDuty audit")),
            ("labels", SettingValue.FromStringList(["audit", "pagerduty"]))));
        Assert.Multiple(() =>
        {
            Assert.That(issue.Template, Is.EqualTo("Audit"));
            Assert.That(issue.Title, Is.EqualTo("PagerDuty audit"));
            Assert.That(issue.Labels, Is.EqualTo(new[] { "audit", "pagerduty" }));
            Assert.That(AwaitAnswerSettings.From(Step("AwaitAnswer", ("timeout", SettingValue.FromDuration(TimeSpan.FromHours(72))))).Timeout,
                Is.EqualTo(TimeSpan.FromHours(72)));
            Assert.That(AskForCalendlyReviewSettings.From(Step("AskForCalendlyReview", ("dm", SettingValue.FromBool(true)))).DirectMessage, Is.True);
            Assert.That(FollowTokenTableSettings.From(Step("FollowTokenTable", ("definition", SettingValue.FromString("token-item")))).Definition,
                Is.EqualTo("token-item"));
            Assert.That(RunAuditSettings.From(Step("RunAudit", ("audit", SettingValue.FromEnum("calendly")))).Audit, Is.EqualTo("calendly"));
        });
    }

    private static ImmutableArray<string> AllowedValues(ActivityDescriptor descriptor, string setting) =>
        descriptor.FindSetting(setting)!.AllowedValues;

    private static StepDefinition Step(string activity, params (string Name, SettingValue Value)[] settings) =>
        new($"{activity.ToLowerInvariant()}-step", activity, StepLevel.Item, null,
            settings.ToImmutableSortedDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal), []);
}
