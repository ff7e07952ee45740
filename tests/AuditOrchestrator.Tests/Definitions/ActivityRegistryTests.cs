using System.Collections.Immutable;
using System.Text.Json;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Definitions;

public class ActivityRegistryTests
{
    [Test]
    public void ToJson_ListsEachActivityWithSettingTypesDefaultsRulesAndOutcomes()
    {
        using var json = JsonDocument.Parse(Fixture.Engine.ToJson());
        var activities = json.RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);

        // The test-only activities (RecordEffect, Fail) are not the engine's: only test hosts register them.
        Assert.That(activities.Keys, Is.EquivalentTo(new[] { "Wait", "WaitUntil", "WaitForSignal", "Decision", "SetVariable", "FanOut", "Branches" }));
        var wait = activities["Wait"];
        var settings = wait.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(wait.GetProperty("description").GetString(), Is.Not.Empty);
            Assert.That(wait.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { "elapsed" }));
            Assert.That(Compact(settings["duration"]), Is.EqualTo(
                """{"name":"duration","type":"duration","description":"How long to wait, e.g. 3.00:00:00 for 72 hours.","required":true,"min":"00:00:01"}"""));
            Assert.That(Compact(settings["retry.maxAttempts"]), Is.EqualTo(
                """{"name":"retry.maxAttempts","type":"int","description":"How many times the step is tried before it faults.","required":false,"default":5,"min":1,"max":100}"""));
            Assert.That(settings["retry.initialDelay"].GetProperty("default").GetString(), Is.EqualTo("00:00:02"));
            Assert.That(settings["retry.maxDelay"].GetProperty("default").GetString(), Is.EqualTo("00:05:00"));
            Assert.That(activities["Decision"].GetProperty("settings")[0].GetProperty("pattern").GetString(), Is.EqualTo("[A-Za-z_][A-Za-z0-9_.]*"));
            Assert.That(activities["WaitForSignal"].GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()),
                Is.EqualTo(new[] { "signalled", "timed-out" }));
        });
    }

    [Test]
    public void ToJson_OfEnumSetting_ListsAllowedValues()
    {
        var registry = new ActivityRegistry([Ping]);

        using var json = JsonDocument.Parse(registry.ToJson());
        var channel = json.RootElement[0].GetProperty("settings")[0];

        Assert.That(channel.GetProperty("type").GetString(), Is.EqualTo("enum"));
        Assert.That(channel.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(new[] { "issue", "slack" }));
        Assert.That(channel.GetProperty("default").GetString(), Is.EqualTo("issue"));
    }

    [Test]
    public void Constructor_GivesEveryActivityTheRetrySettingsUnlessItDeclaresThem()
    {
        var own = new SettingDescriptor(RetrySettings.MaxAttempts, SettingType.Int, "Only once.", SettingValue.FromInt(1));
        var registry = new ActivityRegistry([Ping with { Settings = [.. Ping.Settings, own] }]);

        Assert.That(registry.TryGet("Ping", out var ping), Is.True);
        Assert.That(ping!.Settings.Select(s => s.Name), Is.EqualTo(new[] { "channel", RetrySettings.MaxAttempts, RetrySettings.InitialDelay, RetrySettings.MaxDelay }));
        Assert.That(ping.FindSetting(RetrySettings.MaxAttempts)!.Default, Is.EqualTo(SettingValue.FromInt(1)));
        Assert.That(registry.TryGet("Pong", out _), Is.False);
    }

    [Test]
    public void WithDefaults_WhenDesignerSendsEnumAsText_GivesItTheEnumType()
    {
        var registry = new ActivityRegistry([Ping]);
        var step = new StepDefinition("ping", "Ping", StepLevel.Item, null,
            ImmutableSortedDictionary<string, SettingValue>.Empty.Add("channel", SettingValue.FromString("slack")), []);
        var definition = new WorkflowDefinition("d", "D", null, "ping", [step]);

        var normal = definition.WithDefaults(registry).GetStep("ping");

        Assert.That(DefinitionValidator.Validate(definition, registry), Is.Empty);
        Assert.That(normal.FindSetting("channel"), Is.EqualTo(SettingValue.FromEnum("slack")));
        Assert.That(normal.GetInt(RetrySettings.MaxAttempts), Is.EqualTo(5));
    }

    [Test]
    public void Constructor_WhenDefaultBreaksItsOwnRule_Throws()
    {
        var bad = Ping with
        {
            Settings = [new SettingDescriptor("channel", SettingType.Enum, "Where.", SettingValue.FromEnum("email")) { AllowedValues = ["issue"] }],
        };

        var error = Assert.Throws<ArgumentException>(() => _ = new ActivityRegistry([bad]));

        Assert.That(error!.Message, Does.Contain("'channel'").And.Contain("default is invalid"));
    }

    [Test]
    public void Constructor_WhenActivityIsRegisteredTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new ActivityRegistry([Ping, Ping]));
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    private static readonly ActivityDescriptor Ping = new(
        "Ping",
        "Pings someone.",
        [
            new SettingDescriptor("channel", SettingType.Enum, "Where to ping.", SettingValue.FromEnum("issue"))
            {
                AllowedValues = ["issue", "slack"],
            },
        ],
        ["done"]);
}
