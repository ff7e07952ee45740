using System.Text;
using AuditOrchestrator.Audits.Text;

namespace AuditOrchestrator.Audits.Checks;

/// <summary>A cell the caller composed as Markdown from inert parts (an intended mention, a code span).</summary>
internal sealed record MarkdownCell(string Markdown);

/// <summary>
/// A GitLab-flavoured markdown table. A text cell is outside text and made inert (<see cref="Inert.Text"/>); a
/// <see cref="MarkdownCell"/> is the caller's own Markdown, kept on one line.
/// </summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public MarkdownTable Row(params object?[] cells)
    {
        rows.Add([.. cells.Select(c => c switch
        {
            MarkdownCell markdown => Inert.OneLine(markdown.Markdown),
            null => "",
            _ => Inert.Text(c.ToString()),
        })]);
        return this;
    }

    public int Count => rows.Count;

    public void WriteTo(StringBuilder markdown)
    {
        markdown.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        markdown.Append('|').AppendJoin("|", headers.Select(_ => "---")).AppendLine("|");
        foreach (var row in rows)
        {
            markdown.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }
    }
}
