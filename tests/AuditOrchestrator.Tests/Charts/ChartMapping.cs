using System.Text.RegularExpressions;

namespace AuditOrchestrator.Tests.Charts;

/// <summary>A step of a definition, as the README names it: <c>definition/step</c>.</summary>
internal sealed record StepRef(string Definition, string Step)
{
    public override string ToString() => $"{Definition}/{Step}";
}

/// <summary>
/// One "## Chart &lt;seed&gt;, &lt;name&gt;: node → steps" section of workflows/README.md: each chart node's steps, the
/// optional audit definition whose combined graph holds the chart, and the chart's corrected edges.
/// </summary>
internal sealed partial record ChartMapping(
    string Seed,
    string Name,
    string? Graph,
    IReadOnlyDictionary<string, IReadOnlyList<StepRef>> Nodes,
    IReadOnlyList<ChartCorrection> Corrections)
{
    public string Key => ChartFixture.KeyOf(Seed, Name);

    /// <summary>Every mapping section of the README, in order.</summary>
    public static IReadOnlyList<ChartMapping> ParseReadme(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var mappings = new List<ChartMapping>();
        ChartMappingBuilder? current = null;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    mappings.Add(current.Build());
                }
                current = Heading().Match(line) is { Success: true } h ? new ChartMappingBuilder(h.Groups["seed"].Value, h.Groups["name"].Value.Trim()) : null;
                continue;
            }
            current?.Read(line);
        }
        if (current is not null)
        {
            mappings.Add(current.Build());
        }
        return mappings;
    }

    [GeneratedRegex(@"^## Chart (?<seed>\d{3}), (?<name>.+?): node → steps\s*$")]
    private static partial Regex Heading();

    private sealed partial class ChartMappingBuilder(string seed, string name)
    {
        private readonly Dictionary<string, IReadOnlyList<StepRef>> _nodes = new(StringComparer.Ordinal);
        private readonly List<ChartCorrection> _corrections = [];
        private string? _graph;

        public void Read(string line)
        {
            if (GraphLine().Match(line) is { Success: true } graph)
            {
                _graph = graph.Groups[1].Value;
            }
            else if (line.StartsWith("corrections:", StringComparison.Ordinal))
            {
                _corrections.AddRange(line["corrections:".Length..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(ChartCorrection.Parse));
            }
            else if (Row().Match(line) is { Success: true } row)
            {
                var node = row.Groups["node"].Value;
                if (_nodes.ContainsKey(node))
                {
                    throw new FormatException($"Chart {seed}, {name}: node {node} has two rows");
                }
                _nodes[node] = [.. StepCell().Matches(row.Groups["steps"].Value).Select(m => new StepRef(m.Groups[1].Value, m.Groups[2].Value))];
            }
        }

        public ChartMapping Build() => new(seed, name, _graph, _nodes, _corrections);

        [GeneratedRegex(@"^graph:\s*`([a-z0-9-]+)`\s*$")]
        private static partial Regex GraphLine();

        // | A "Run ./bin/pagerduty_audit" | `pagerduty-quarterly/run-audit` (RunAudit) | notes |
        [GeneratedRegex(@"^\|\s*(?<node>[A-Za-z0-9_]+)\s+""[^""]*""\s*\|(?<steps>[^|]*)\|")]
        private static partial Regex Row();

        [GeneratedRegex(@"`([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)`")]
        private static partial Regex StepCell();
    }
}

/// <summary>
/// A correction of a chart's edges: <c>X --> Y => X -->|l| Z</c> (the chart's edge, then the modelled one),
/// <c>+ X --> Y</c> (an edge the chart lacks), <c>- X --> Y</c> (a chart edge not modelled).
/// </summary>
internal sealed record ChartCorrection(MermaidEdge? Drawn, MermaidEdge? Modelled)
{
    public static ChartCorrection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('+'))
        {
            return new ChartCorrection(null, EdgeOf(text[1..]));
        }
        if (text.StartsWith('-') && !text.StartsWith("-->", StringComparison.Ordinal))
        {
            return new ChartCorrection(EdgeOf(text[1..]), null);
        }
        var parts = text.Split("=>", StringSplitOptions.TrimEntries);
        return parts.Length == 2
            ? new ChartCorrection(EdgeOf(parts[0]), EdgeOf(parts[1]))
            : throw new FormatException($"correction '{text}': expected 'X --> Y => X --> Z', '+ X --> Y' or '- X --> Y'");
    }

    private static MermaidEdge EdgeOf(string text)
    {
        var graph = MermaidGraph.Parse(text.Trim());
        return graph.Edges.Count == 1 ? graph.Edges[0] : throw new FormatException($"correction: '{text.Trim()}' is not one edge");
    }

    public override string ToString() => (Drawn, Modelled) switch
    {
        (null, { } added) => $"+ {added}",
        ({ } removed, null) => $"- {removed}",
        _ => $"{Drawn} => {Modelled}",
    };
}
