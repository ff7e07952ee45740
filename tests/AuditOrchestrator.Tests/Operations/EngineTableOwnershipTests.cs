using System.Text.RegularExpressions;
using AuditOrchestrator.Tests.Deploy;

namespace AuditOrchestrator.Tests.Operations;

/// <summary>
/// The engine owns its tables: code outside src/AuditOrchestrator.Engine asks the engine (InstanceQueries, TreeQueries,
/// InstancePages, HistoryPurge, DefinitionCache) and never names one of its tables, so the engine can change its schema alone.
/// </summary>
public sealed partial class EngineTableOwnershipTests
{
    [Test]
    public void CodeOutsideTheEngine_NeverNamesAnEngineTable()
    {
        var tables = EngineTables();
        var hits = OutsideSources()
            .SelectMany(file => TableWord().Matches(RepoFiles.Read(file)).Select(m => m.Value).Where(tables.Contains).Distinct().Select(t => $"{file}: {t}"))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(tables, Does.Contain("workflow_instances").And.Contain("workflow_bookmarks"), "the engine's tables are found");
            Assert.That(hits, Is.Empty, "ask the engine through a named query instead");
        });
    }

    /// <summary>Every table the engine's migrations create.</summary>
    internal static HashSet<string> EngineTables() =>
        [.. EngineMigrationFiles().SelectMany(f => CreateTable().Matches(RepoFiles.Read(f)).Select(m => m.Groups[1].Value))];

    private static IEnumerable<string> EngineMigrationFiles() =>
        Directory.GetFiles(RepoFiles.PathOf("migrations"), "*.sql")
            .Where(f => EngineMigrations.Contains(Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal))
            .Select(f => "migrations/" + Path.GetFileName(f));

    private static readonly string[] EngineMigrations =
    [
        "0001_foundation", "0002_runtime", "0011_taken_signals", "0013_evidence_chain", "0017_effect_attempts",
    ];

    private static IEnumerable<string> OutsideSources()
    {
        var root = RepoFiles.PathOf("src");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => "src/" + Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("src/AuditOrchestrator.Engine/", StringComparison.Ordinal))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)
                && !f.Contains("/node_modules/", StringComparison.Ordinal) && !f.Contains("/dist/", StringComparison.Ordinal))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\b[a-z][a-z0-9_]*\b")]
    private static partial Regex TableWord();

    [GeneratedRegex(@"CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();
}
