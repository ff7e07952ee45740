using System.Text.RegularExpressions;
using AuditOrchestrator.Tests.Audits;

namespace AuditOrchestrator.Tests.Deploy;

/// <summary>
/// The configuration keys the README's table documents, in the table's shorthand expanded: `A__B`, `__C` (same
/// prefix as the key before it), `Audits__&lt;audit&gt;__X` (once per audit) and "the same under `P__`" (the cell's
/// keys again under another prefix).
/// </summary>
internal static partial class ReadmeConfiguration
{
    /// <summary>What `&lt;audit&gt;` stands for: each shipped audit's configuration section, as its registration declares it.</summary>
    public static readonly string[] Audits = [.. ShippedAudits.Catalog.Keys.Select(k => k.ConfigName)];

    public static IReadOnlySet<string> Keys(string readme)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (keyCell, meaningCell) in TableRows(Section(readme, "Configuration")))
        {
            var cellKeys = ExpandCell(keyCell);
            keys.UnionWith(cellKeys);
            foreach (Match alias in SameUnder().Matches(meaningCell))
            {
                keys.UnionWith(cellKeys.Select(k => alias.Groups[1].Value + k[(Prefix(k).Length)..]));
            }
        }
        return keys;
    }

    /// <summary>`SupportOps__Managers__0` documents `SupportOps__Managers`: list indices are not part of the key.</summary>
    public static string Normalise(string key) => ListIndex().Replace(key, "");

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"The README has no '## {heading}' section.");
        }
        var end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    private static IEnumerable<(string Keys, string Meaning)> TableRows(string section)
    {
        foreach (var line in section.Split('\n').Select(l => l.Trim()))
        {
            if (!line.StartsWith('|') || line.StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length >= 2 && cells[0] != "key")
            {
                yield return (cells[0], cells[1]);
            }
        }
    }

    private static List<string> ExpandCell(string cell)
    {
        var keys = new List<string>();
        string? previous = null;
        foreach (Match span in CodeSpan().Matches(cell))
        {
            var text = span.Groups[1].Value;
            var key = text.StartsWith("__", StringComparison.Ordinal)
                ? Prefix(previous ?? throw new InvalidOperationException($"'{text}' continues no key in '{cell}'.")) + text[2..]
                : text;
            previous = key;
            keys.AddRange(key.Contains("<audit>", StringComparison.Ordinal)
                ? Audits.Select(a => key.Replace("<audit>", a, StringComparison.Ordinal))
                : [key]);
        }
        return keys;
    }

    private static string Prefix(string key)
    {
        var last = key.LastIndexOf("__", StringComparison.Ordinal);
        return last < 0 ? "" : key[..(last + 2)];
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("the same under `([A-Za-z_]+__)`")]
    private static partial Regex SameUnder();

    [GeneratedRegex(@"(__\d+)+$")]
    private static partial Regex ListIndex();
}
