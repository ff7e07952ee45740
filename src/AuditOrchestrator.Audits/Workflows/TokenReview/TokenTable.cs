using System.Text;
using System.Text.RegularExpressions;

namespace AuditOrchestrator.Audits.Workflows.TokenReview;

/// <summary>One readable row of the token table: the token's name, its owner's GitLab username (when given) and the justification.</summary>
public sealed record TokenRow(string Name, string? Owner, string? Justification, int Line)
{
    public string Key => TokenTable.Key(Name);
}

/// <summary>A row the table could not read: where, the row as written (what identifies it across edits), and why.</summary>
public sealed record TokenProblem(int Line, string Row, string Reason)
{
    public string Text => $"line {Line}: {Reason}";
}

/// <summary>What the issue description's token table says now.</summary>
/// <param name="Found">Whether the description has the table at all.</param>
/// <param name="Rows">The readable rows with a token name, first occurrence of each name only.</param>
/// <param name="Problems">Rows it could not read, in plain words, for the journal.</param>
/// <param name="Complete">Whether the "Token table complete" box is ticked.</param>
public sealed record TokenTableRead(bool Found, IReadOnlyList<TokenRow> Rows, IReadOnlyList<TokenProblem> Problems, bool Complete)
{
    /// <summary>The names of the token rows past <see cref="TokenTable.MaxRows"/>, in table order: not read, and said so on the issue.</summary>
    public IReadOnlyList<string> OverLimit { get; init; } = [];

    /// <summary>How many token rows are past <see cref="TokenTable.MaxRows"/>.</summary>
    public int RowsOverLimit => OverLimit.Count;
}

/// <summary>
/// The API-token table of a Zendesk audit issue (Zendesk has no API that lists tokens, so a person fills it in):
/// the markdown added to the issue's Notes, and a lenient reading of what people made of it. Pure functions.
/// </summary>
public static partial class TokenTable
{
    public const string CompleteTask = "Token table complete";
    public const string Heading = "### API token review";

    private static readonly HashSet<string> Blanks = new(StringComparer.OrdinalIgnoreCase) { "-", "--", "—", "–", "?", "tbd", "todo", "n/a", "none" };

    /// <summary>The section appended to the Notes: a short explanation, an empty table, and the task-list line.</summary>
    public static string Section(string instanceName) => $"""
        {Heading}

        Zendesk has no API that lists API tokens: list every API token of the {instanceName} Zendesk here (Admin Center →
        Apps and integrations → Zendesk API), one row each, with its owner's GitLab `@username`. Each owner is asked on
        this issue for the justification as soon as their row is here; a token whose owner is not on the support team
        goes to the Support Operations Manager. Tick the box below once every token is listed.

        | Token name | Owner | Justification |
        |---|---|---|
        | | | |

        - [ ] {CompleteTask}
        """;

    /// <summary>The Notes with the token section appended, unless they already hold it (a retried step adds it once).</summary>
    public static string AppendTo(string? notes, string instanceName) =>
        IsPresent(notes) ? notes! : $"{(notes ?? "").TrimEnd()}\n\n{Section(instanceName)}\n".TrimStart('\n');

    /// <summary>Whether the text already has the task-list line (ticked or not).</summary>
    public static bool IsPresent(string? text) => text is not null && TaskLine().IsMatch(text);

    /// <summary>The identity of a token row: its name, case and spacing aside.</summary>
    public static string Key(string name) =>
        string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    /// <summary>The rows with an owner that are not among <paramref name="itemised"/> (keys), in table order.</summary>
    public static IReadOnlyList<TokenRow> NewRows(TokenTableRead read, IEnumerable<string> itemised)
    {
        ArgumentNullException.ThrowIfNull(read);
        var known = new HashSet<string>(itemised ?? [], StringComparer.Ordinal);
        return [.. read.Rows.Where(r => r.Owner is not null && !known.Contains(r.Key))];
    }

    /// <summary>
    /// The most token rows one review follows up (one item each). Rows past it are not read; the review says so on the
    /// issue once, so nobody believes them followed up.
    /// </summary>
    public const int MaxRows = 1000;

    /// <summary>
    /// Reads the first table whose header names a token and an owner. Lenient: extra spaces, a missing @ or leading
    /// and trailing pipes, backticks, empty rows and short rows are fine; a row it cannot read is reported, never thrown.
    /// </summary>
    public static TokenTableRead Parse(string? description, int maxRows = MaxRows)
    {
        var lines = (description ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var complete = lines.Any(l => TaskLine().Match(l) is { Success: true } m && m.Groups["done"].Value is "x" or "X");
        var header = FindHeader(lines);
        if (header is null)
        {
            return new TokenTableRead(false, [], [], complete);
        }

        var (at, name, owner, justification) = header.Value;
        var rows = new List<TokenRow>();
        var problems = new List<TokenProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var overLimit = new List<string>();
        for (var i = at + 1; i < lines.Length && lines[i].Contains('|', StringComparison.Ordinal); i++)
        {
            var cells = Cells(lines[i]);
            if (cells.All(IsSeparator))
            {
                continue;
            }

            var line = i + 1;
            var tokenName = Clean(Cell(cells, name));
            var ownerText = Clean(Cell(cells, owner));
            var why = Clean(Cell(cells, justification));
            if (tokenName is null)
            {
                if (ownerText is not null || why is not null)
                {
                    problems.Add(new TokenProblem(line, lines[i].Trim(), "a row without a token name"));
                }
                continue;
            }

            string? username = null;
            if (ownerText is not null)
            {
                username = Username(ownerText);
                if (username is null)
                {
                    problems.Add(new TokenProblem(line, lines[i].Trim(), $"the owner of `{tokenName}` is not a GitLab username: {Defuse(ownerText)}"));
                }
            }

            var row = new TokenRow(tokenName, username, why, line);
            if (!seen.Add(row.Key))
            {
                problems.Add(new TokenProblem(line, lines[i].Trim(), $"`{tokenName}` is listed twice; the first row counts"));
                continue;
            }
            if (rows.Count >= maxRows)
            {
                overLimit.Add(tokenName);
                continue;
            }
            rows.Add(row);
        }

        return new TokenTableRead(true, rows, problems, complete) { OverLimit = overLimit };
    }

    private static (int At, int Name, int Owner, int Justification)? FindHeader(string[] lines)
    {
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (inFence || !lines[i].Contains('|', StringComparison.Ordinal))
            {
                continue;
            }

            var cells = Cells(lines[i]).Select(c => c.ToUpperInvariant()).ToList();
            var owner = cells.FindIndex(c => c.Contains("OWNER", StringComparison.Ordinal));
            var name = cells.FindIndex(c => c.Contains("TOKEN", StringComparison.Ordinal) || c.Contains("NAME", StringComparison.Ordinal));
            if (owner < 0 || name < 0 || owner == name)
            {
                continue;
            }
            var justification = cells.FindIndex(c => c.Contains("JUSTIF", StringComparison.Ordinal) || c.Contains("USE CASE", StringComparison.Ordinal)
                || c.Contains("REASON", StringComparison.Ordinal));
            if (justification < 0)
            {
                justification = Enumerable.Range(0, cells.Count + 1).First(c => c != name && c != owner);
            }
            return (i, name, owner, justification);
        }
        return null;
    }

    private static List<string> Cells(string line)
    {
        var text = line.Trim();
        if (text.StartsWith('|'))
        {
            text = text[1..];
        }
        if (text.EndsWith('|') && !text.EndsWith("\\|", StringComparison.Ordinal))
        {
            text = text[..^1];
        }
        return [.. EscapedPipe().Split(text).Select(c => c.Replace("\\|", "|", StringComparison.Ordinal).Trim())];
    }

    private static string Cell(List<string> cells, int index) => index < cells.Count ? cells[index] : "";

    private static bool IsSeparator(string cell) => SeparatorCell().IsMatch(cell);

    private static string? Clean(string cell)
    {
        var text = string.Join(' ', cell.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim('`', '*', '_', ' ');
        text = HtmlBreak().Replace(text, " ").Trim();
        return text.Length == 0 || Blanks.Contains(text) ? null : text;
    }

    /// <summary>The GitLab username in an owner cell: "@jdoe", "jdoe", "[@jdoe](https://…)"; the first mention of several.</summary>
    private static string? Username(string owner)
    {
        var link = MarkdownLink().Match(owner);
        var text = link.Success ? link.Groups["text"].Value.Trim() : owner;
        if (Mention().Match(text) is { Success: true } mention)
        {
            return mention.Groups["user"].Value.TrimEnd('.');
        }
        return BareUsername().IsMatch(text) ? text : null;
    }

    private static string Defuse(string text)
    {
        var quoted = new StringBuilder(text.Length);
        foreach (var c in text.Length > 80 ? text[..80] + "…" : text)
        {
            quoted.Append(c == '@' ? "@\u200B" : c.ToString());
        }
        return quoted.ToString();
    }

    [GeneratedRegex(@"^\s*[-*+]\s*\[(?<done>[ xX])\]\s*Token table complete\b", RegexOptions.Multiline)]
    private static partial Regex TaskLine();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex EscapedPipe();

    [GeneratedRegex(@"^:?-{1,}:?$")]
    private static partial Regex SeparatorCell();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlBreak();

    [GeneratedRegex(@"^\[(?<text>[^\]]*)\]\([^)]*\)$")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?<![\w`])@(?<user>[A-Za-z0-9_][A-Za-z0-9_.\-]*)")]
    private static partial Regex Mention();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex BareUsername();
}
