namespace AuditOrchestrator.Tests.Deploy;

internal sealed record DockerInstruction(string Name, string Arguments);

/// <summary>A Dockerfile as instructions grouped by stage (continuation lines joined, comments dropped).</summary>
internal sealed class Dockerfile
{
    public required IReadOnlyList<IReadOnlyList<DockerInstruction>> Stages { get; init; }

    public IReadOnlyList<DockerInstruction> Final => Stages[^1];

    public static Dockerfile Parse(string text)
    {
        var stages = new List<List<DockerInstruction>>();
        var logical = "";
        foreach (var raw in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0 && logical.Length == 0)
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                logical += line[..^1] + " ";
                continue;
            }
            logical += line;
            var space = logical.IndexOf(' ', StringComparison.Ordinal);
            var instruction = new DockerInstruction(
                (space < 0 ? logical : logical[..space]).ToUpperInvariant(),
                space < 0 ? "" : logical[(space + 1)..].Trim());
            logical = "";
            if (instruction.Name == "FROM")
            {
                stages.Add([]);
            }
            if (stages.Count == 0)
            {
                continue;
            }
            stages[^1].Add(instruction);
        }
        return new Dockerfile { Stages = stages };
    }

    /// <summary>`ENV A=1 B=2` and `ENV A 1`, the last value winning, as the image sees them.</summary>
    public static IReadOnlyDictionary<string, string> Environment(IEnumerable<DockerInstruction> stage)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in stage.Where(i => i.Name == "ENV"))
        {
            var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!parts[0].Contains('=', StringComparison.Ordinal))
            {
                env[parts[0]] = string.Join(' ', parts.Skip(1));
                continue;
            }
            foreach (var part in parts)
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                env[part[..eq]] = part[(eq + 1)..];
            }
        }
        return env;
    }
}
