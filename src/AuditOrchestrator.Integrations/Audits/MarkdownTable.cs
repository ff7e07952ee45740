using System.Text;

namespace AuditOrchestrator.Integrations.Audits;

/// <summary>A GitLab-flavoured markdown table, cells escaped.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public MarkdownTable Row(params string?[] cells)
    {
        rows.Add([.. cells.Select(c => c ?? "")]);
        return this;
    }

    public int Count => rows.Count;

    public void WriteTo(StringBuilder markdown)
    {
        markdown.Append("| ").AppendJoin(" | ", headers.Select(Escape)).AppendLine(" |");
        markdown.Append('|').AppendJoin("|", headers.Select(_ => "---")).AppendLine("|");
        foreach (var row in rows)
        {
            markdown.Append("| ").AppendJoin(" | ", row.Select(Escape)).AppendLine(" |");
        }
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
