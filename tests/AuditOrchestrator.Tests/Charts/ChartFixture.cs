using System.Text.RegularExpressions;
using AuditOrchestrator.Tests.Deploy;

namespace AuditOrchestrator.Tests.Charts;

/// <summary>One seed chart as the handbook draws it, transcribed in Charts/Fixtures (<c>%% chart: name</c> names it).</summary>
internal sealed partial record ChartFixture(string File, string Seed, string Name, MermaidGraph Graph)
{
    public const string Folder = "tests/AuditOrchestrator.Tests/Charts/Fixtures";

    /// <summary>Its key, as a README heading names it: the seed and the name, case, spacing and punctuation aside.</summary>
    public string Key => KeyOf(Seed, Name);

    public static string KeyOf(string seed, string name) => $"{seed}:{NonWord().Replace(name.ToLowerInvariant(), "")}";

    public static IReadOnlyList<ChartFixture> LoadAll() =>
        [.. Directory.GetFiles(RepoFiles.PathOf(Folder), "*.mmd").Order(StringComparer.Ordinal).Select(Load)];

    public static ChartFixture Load(string path)
    {
        var text = System.IO.File.ReadAllText(path);
        var name = ChartName().Match(text) is { Success: true } m ? m.Groups[1].Value.Trim()
            : throw new FormatException($"{path}: no '%% chart: <name>' line");
        var file = Path.GetFileName(path);
        return new ChartFixture(file, file[..3], name, MermaidGraph.Parse(text));
    }

    public override string ToString() => $"{Seed}, {Name}";

    [GeneratedRegex(@"^%% chart:(.*)$", RegexOptions.Multiline)]
    private static partial Regex ChartName();

    [GeneratedRegex(@"[^a-z0-9]")]
    private static partial Regex NonWord();
}
