using AuditOrchestrator.Engine.Activities;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Definitions;

public class SettingValidatorTests
{
    private static readonly SettingDescriptor Channel = new("channel", SettingType.Enum, "Where.") { AllowedValues = ["issue", "slack"] };
    private static readonly SettingDescriptor Timeout = new("timeout", SettingType.Duration, "How long.")
    {
        Min = SettingValue.FromDuration(TimeSpan.FromSeconds(1)),
        Max = SettingValue.FromDuration(TimeSpan.FromDays(30)),
    };
    private static readonly SettingDescriptor Users = new("users", SettingType.StringList, "Who.") { Pattern = "[a-z0-9_.-]+" };

    [Test]
    public void Validate_WhenEnumValueIsNotAllowed_ListsTheAllowedValues()
    {
        Assert.That(SettingValidator.Validate(Channel, SettingValue.FromEnum("email")), Is.EqualTo(new[] { "must be one of issue, slack, got 'email'" }));
        Assert.That(SettingValidator.Validate(Channel, SettingValue.FromString("slack")), Is.Empty, "a designer form sends plain text");
    }

    [Test]
    public void Validate_WhenDurationIsOutsideItsRange_SaysWhichBound()
    {
        Assert.That(SettingValidator.Validate(Timeout, SettingValue.FromDuration(TimeSpan.FromDays(31))),
            Is.EqualTo(new[] { "must be at most 30.00:00:00, got 31.00:00:00" }));
        Assert.That(SettingValidator.Validate(Timeout, SettingValue.FromDuration(TimeSpan.FromHours(72))), Is.Empty);
    }

    [Test]
    public void Validate_WhenListItemDoesNotMatchThePattern_NamesTheItem()
    {
        Assert.That(SettingValidator.Validate(Users, SettingValue.FromStringList(["alice", "Bob Smith"])),
            Is.EqualTo(new[] { "'Bob Smith' does not match the pattern [a-z0-9_.-]+" }));
    }

    [Test]
    public void Validate_WhenValueHasAnotherType_SaysWhatWasExpected()
    {
        Assert.That(SettingValidator.Validate(Timeout, SettingValue.FromInt(3)), Is.EqualTo(new[] { "expected a duration, got a whole number" }));
    }

    [TestCase(SettingType.Duration, "72", false)]
    [TestCase(SettingType.Duration, "3.00:00:00", true)]
    [TestCase(SettingType.Duration, "00:15:00", true)]
    [TestCase(SettingType.Int, "5", true)]
    [TestCase(SettingType.Int, "5.5", false)]
    [TestCase(SettingType.Bool, "true", true)]
    [TestCase(SettingType.Bool, "yes", false)]
    public void TryParse_ReadsOnlyTheDocumentedFormat(SettingType type, string text, bool accepted)
    {
        Assert.That(SettingValue.TryParse(type, text, out _, out var error), Is.EqualTo(accepted), error);
    }

    [Test]
    public void SettingValue_WhenListsHoldTheSameItems_AreEqual()
    {
        Assert.That(SettingValue.FromStringList(["a", "b"]), Is.EqualTo(SettingValue.FromStringList(new List<string> { "a", "b" })));
        Assert.That(SettingValue.FromStringList(["a", "b"]), Is.Not.EqualTo(SettingValue.FromStringList(["b", "a"])));
        Assert.That(SettingValue.FromString("a"), Is.Not.EqualTo(SettingValue.FromEnum("a")));
    }
}
