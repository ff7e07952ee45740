using System.Text;

namespace AuditOrchestrator.Audits.Text;

/// <summary>
/// Makes text from outside (team data, vendor accounts, the token table, operator input) inert where the service
/// composes a GitLab note, an issue description or a Slack message: it can say anything, and do nothing. No mention
/// but the intended ones, no quick action, no HTML, no link or image, no reference (#1, !1, ~label, %milestone,
/// $snippet, &amp;epic), nothing that closes a code span or a table cell, and never a new line.
/// </summary>
public static class Inert
{
    /// <summary>A zero-width space: after @ or # it stops GitLab seeing a mention or a reference, and shows nothing.</summary>
    private const char Breaker = '\u200B';

    /// <summary>GitLab Markdown prose and table cells: one line, escaped.</summary>
    public static string Text(string? value)
    {
        var text = Escape(value, static (line, i) => line[i] switch
        {
            '&' => "&amp;" + Breaker,
            '<' => "&lt;",
            '>' => "&gt;",
            // A mention needs "@" after a non-word character; "ann@example.com" mentions nobody and stays as is.
            '@' when StartsWord(line, i) => Broken(line[i]),
            '#' or '~' or '%' or '$' => Broken(line[i]),
            // "https://…" would be linked by GitLab's autolinker; "https:\u200B//…" is text.
            ':' when line.AsSpan(i + 1).StartsWith("//") => Broken(line[i]),
            // Without [ ] no link or image forms; without ` no code span; without | no cell ends.
            '\\' or '`' or '[' or ']' or '|' => "\\" + line[i],
            _ => null,
        });
        // A quick action needs "/" first on a line; an escaped value never starts one, even placed first.
        return text.StartsWith('/') ? Breaker + text : text;
    }

    /// <summary>
    /// A GitLab Markdown code span showing <paramref name="value"/>: one line, its backticks and pipes swapped for
    /// look-alikes (nothing can close the span or a table cell; inside a span nothing else is interpreted).
    /// </summary>
    public static string Code(string? value)
    {
        var line = OneLine(value).Replace('`', '\u02CB').Replace('|', '\u2223');
        return line.Length == 0 ? "` `" : $"`{line}`";
    }

    /// <summary>
    /// An intended mention: <c>@username</c> when it is a GitLab username and not a mention of everyone; otherwise
    /// the value shown as inert code (the person is then not notified, which is safer than notifying others).
    /// </summary>
    public static string Mention(string? username) =>
        GitLabUsernames.IsValid(username) && !GitLabUsernames.IsEveryone(username!) ? "@" + username : Code(username);

    /// <summary>Slack mrkdwn: one line, &amp; &lt; &gt; escaped (no &lt;!here&gt;, &lt;@U…&gt; or links), no formatting, no mention.</summary>
    public static string Slack(string? value) =>
        Escape(value, static (line, i) => line[i] switch
        {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '@' when StartsWord(line, i) => Broken(line[i]),
            '#' or '!' or ':' => Broken(line[i]),
            // Slack has no escape for its formatting marks; a look-alike keeps the text readable.
            '`' => "\u02CB",
            '*' => "\u2217",
            '_' => "\uFF3F",
            '~' => "\u223C",
            _ => null,
        });

    /// <summary>
    /// <paramref name="value"/> on one line, each character replaced by what <paramref name="escape"/> gives for it
    /// (null: kept as it is).
    /// </summary>
    private static string Escape(string? value, Func<string, int, string?> escape)
    {
        var line = OneLine(value);
        var text = new StringBuilder(line.Length + 8);
        for (var i = 0; i < line.Length; i++)
        {
            if (escape(line, i) is { } replacement)
            {
                text.Append(replacement);
            }
            else
            {
                text.Append(line[i]);
            }
        }
        return text.ToString();
    }

    /// <summary>The character followed by the zero-width breaker, which stops GitLab or Slack reading it as markup.</summary>
    private static string Broken(char c) => $"{c}{Breaker}";

    private static bool StartsWord(string line, int i) => i == 0 || !IsWordChar(line[i - 1]);

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Every line break and control character becomes a space; runs of white space one space; trimmed.</summary>
    public static string OneLine(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var text = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200B' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E')
            {
                space = text.Length > 0;
                continue;
            }
            if (space)
            {
                text.Append(' ');
                space = false;
            }
            text.Append(c);
        }
        return text.ToString();
    }
}

/// <summary>What a GitLab username may look like (letters, digits, <c>_ . -</c>, not starting with <c>-</c> or <c>.</c>).</summary>
public static class GitLabUsernames
{
    public static bool IsValid(string? username) =>
        username is { Length: > 0 and <= 255 } && (char.IsAsciiLetterOrDigit(username[0]) || username[0] == '_')
        && username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <summary>GitLab's <c>@all</c> notifies everyone in the project.</summary>
    public static bool IsEveryone(string username) => string.Equals(username, "all", StringComparison.OrdinalIgnoreCase);
}
