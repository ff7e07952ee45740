namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>
/// Reads and replaces the <c>## Notes</c> section of an issue description: from its heading to the next heading
/// of level one or two (or the end). Headings inside fenced code blocks do not count.
/// </summary>
public static class IssueNotesSection
{
    public const string Heading = "## Notes";

    /// <summary>The section's content without its heading, trimmed of blank lines at both ends; null when absent.</summary>
    public static string? Read(string? description)
    {
        if (string.IsNullOrEmpty(description))
        {
            return null;
        }

        var lines = SplitLines(description);
        var (start, end) = Locate(lines);
        if (start < 0)
        {
            return null;
        }

        return string.Join('\n', TrimBlank(lines[(start + 1)..end]));
    }

    /// <summary>
    /// The description with the section's content replaced by <paramref name="content"/>; the section is appended
    /// at the end when the description has none. Everything outside the section is kept as it was. Headings in the
    /// content are moved below level two (a report's "## PagerDuty audit" becomes "### PagerDuty audit"), keeping
    /// their relative levels, since a level-two heading would otherwise end the section.
    /// </summary>
    public static string Replace(string? description, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var newline = description is not null && description.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = NestHeadings(TrimBlank(SplitLines(content)));
        var lines = string.IsNullOrEmpty(description) ? [] : SplitLines(description);
        var (start, end) = Locate(lines);

        var section = new List<string> { Heading, "" };
        section.AddRange(body);

        List<string> result;
        if (start < 0)
        {
            result = [.. TrimBlankEnd(lines)];
            if (result.Count > 0)
            {
                result.Add("");
            }

            result.AddRange(section);
            result.Add("");
        }
        else
        {
            // The original heading line is kept as written (e.g. "## notes").
            result = [.. lines[..start], lines[start], .. section.Skip(1), ""];
            result.AddRange(lines[end..]);
        }

        return string.Join(newline, result);
    }

    private static string[] NestHeadings(string[] lines)
    {
        var headings = OutsideFences(lines).Where(i => HeadingLevel(lines[i]) > 0).ToList();
        var top = headings.Count == 0 ? 3 : headings.Min(i => HeadingLevel(lines[i]));
        if (top >= 3)
        {
            return lines;
        }

        var result = (string[])lines.Clone();
        foreach (var i in headings)
        {
            var level = HeadingLevel(lines[i]);
            var text = lines[i].TrimStart(' ')[level..];
            result[i] = new string('#', Math.Min(6, level + 3 - top)) + text;
        }

        return result;
    }

    /// <summary>Indexes of the lines that are not inside (or fencing) a fenced code block.</summary>
    private static IEnumerable<int> OutsideFences(string[] lines)
    {
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (IsFence(trimmed, out var marker))
            {
                if (fence is null)
                {
                    fence = marker;
                }
                else if (trimmed.StartsWith(fence, StringComparison.Ordinal))
                {
                    fence = null;
                }

                continue;
            }

            if (fence is null)
            {
                yield return i;
            }
        }
    }

    private static (int Start, int End) Locate(string[] lines)
    {
        var start = -1;
        foreach (var i in OutsideFences(lines))
        {
            if (start < 0)
            {
                if (IsNotesHeading(lines[i]))
                {
                    start = i;
                }
            }
            else if (HeadingLevel(lines[i]) is 1 or 2)
            {
                return (start, i);
            }
        }

        return (start, lines.Length);
    }

    private static bool IsNotesHeading(string line)
    {
        if (HeadingLevel(line) != 2)
        {
            return false;
        }

        var text = line.Trim().TrimStart('#').Trim().TrimEnd('#').Trim();
        return string.Equals(text, "Notes", StringComparison.OrdinalIgnoreCase);
    }

    private static int HeadingLevel(string line)
    {
        // ATX headings may be indented by up to three spaces and need a space (or nothing) after the hashes.
        var indent = line.Length - line.TrimStart(' ').Length;
        if (indent > 3)
        {
            return 0;
        }

        var text = line[indent..];
        var level = 0;
        while (level < text.Length && text[level] == '#')
        {
            level++;
        }

        if (level is 0 or > 6)
        {
            return 0;
        }

        return level == text.Length || text[level] is ' ' or '\t' ? level : 0;
    }

    private static bool IsFence(string trimmed, out string marker)
    {
        marker = trimmed.StartsWith("```", StringComparison.Ordinal) ? "```"
            : trimmed.StartsWith("~~~", StringComparison.Ordinal) ? "~~~"
            : "";
        return marker.Length > 0;
    }

    private static string[] SplitLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static string[] TrimBlank(string[] lines)
    {
        var first = 0;
        while (first < lines.Length && string.IsNullOrWhiteSpace(lines[first]))
        {
            first++;
        }

        return TrimBlankEnd(lines[first..]);
    }

    private static string[] TrimBlankEnd(string[] lines)
    {
        var last = lines.Length;
        while (last > 0 && string.IsNullOrWhiteSpace(lines[last - 1]))
        {
            last--;
        }

        return lines[..last];
    }
}
