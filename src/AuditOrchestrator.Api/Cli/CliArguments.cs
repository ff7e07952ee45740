namespace AuditOrchestrator.Api.Cli;

/// <summary>Positional words and `--name value` options (a flag without a value reads as "true").</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public static CliArguments Parse(IEnumerable<string> args)
    {
        var parsed = new CliArguments();
        var queue = new Queue<string>(args);
        while (queue.TryDequeue(out var arg))
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var value = queue.TryPeek(out var next) && !next.StartsWith("--", StringComparison.Ordinal) ? queue.Dequeue() : "true";
                parsed._options[arg[2..]] = value;
            }
            else
            {
                parsed.Positional.Add(arg);
            }
        }
        return parsed;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) => Option(name) ?? throw new CliUsageException($"--{name} is required");

    public string Word(int index, string what) =>
        index < Positional.Count ? Positional[index] : throw new CliUsageException($"{what} is required");
}
