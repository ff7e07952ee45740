using AuditOrchestrator.Audits.Text;

namespace AuditOrchestrator.Tests.Integrity;

public sealed class InertTests
{
    private const string Zw = "\u200B";

    [TestCase("@all please", "@" + Zw + "all please")]
    [TestCase("/close", Zw + "/close")]
    [TestCase("a\n/close", "a /close")]
    [TestCase("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [TestCase("[click](https://evil.example)", "\\[click\\](https:" + Zw + "//evil.example)")]
    [TestCase("![x](y)", "!\\[x\\](y)")]
    [TestCase("ann@example.com (a: b)", "ann@example.com (a: b)")]
    [TestCase("`code` | cell", "\\`code\\` \\| cell")]
    [TestCase("see #12 and ~label", "see #" + Zw + "12 and ~" + Zw + "label")]
    [TestCase("  two\r\n\r\nlines\u2028here  ", "two lines here")]
    [TestCase(null, "")]
    public void Text_LeavesNothingGitLabActsOn(string? value, string expected) =>
        Assert.That(Inert.Text(value), Is.EqualTo(expected));

    [TestCase("Bob `rm` | x", "`Bob \u02CBrm\u02CB \u2223 x`")]
    [TestCase("two\nlines", "`two lines`")]
    [TestCase("", "` `")]
    public void Code_CannotBeClosedOrSplit(string value, string expected) =>
        Assert.That(Inert.Code(value), Is.EqualTo(expected));

    [TestCase("alice", "@alice")]
    [TestCase("all", "`all`")]
    [TestCase("alice /close", "`alice /close`")]
    [TestCase("-x", "`-x`")]
    [TestCase(null, "` `")]
    public void Mention_OnlyOfAUsername_NeverEveryone(string? username, string expected) =>
        Assert.That(Inert.Mention(username), Is.EqualTo(expected));

    [TestCase("<!channel> hi", "&lt;!" + Zw + "channel&gt; hi")]
    [TestCase("<https://evil|click>", "&lt;https:" + Zw + "//evil|click&gt;")]
    [TestCase("*bold* `x`\nnext", "\u2217bold\u2217 \u02CBx\u02CB next")]
    [TestCase("@here", "@" + Zw + "here")]
    public void Slack_NoMentionLinkOrFormatting(string value, string expected) =>
        Assert.That(Inert.Slack(value), Is.EqualTo(expected));
}
