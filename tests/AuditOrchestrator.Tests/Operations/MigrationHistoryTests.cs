using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AuditOrchestrator.Tests.Deploy;

namespace AuditOrchestrator.Tests.Operations;

/// <summary>
/// Migrations only move forward: numbered without gaps, never edited once shipped (their hashes are checked in next to
/// this test: a new migration adds its line, an edit to a shipped one fails here), and none can be undone. That each
/// file has one class, in the project owning its tables, is checked with the composed sequence (ProductMigrationsTests).
/// </summary>
public sealed partial class MigrationHistoryTests
{
    private static readonly string HashFile = "tests/AuditOrchestrator.Tests/Operations/migration-hashes.txt";

    private static string[] Files() =>
        [.. Directory.GetFiles(RepoFiles.PathOf("migrations"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Test]
    public void Migrations_AreNumberedFromOne_WithoutGapsOrRepeats()
    {
        var files = Files();
        Assert.Multiple(() =>
        {
            Assert.That(files, Is.Not.Empty);
            Assert.That(files.Where(f => !Numbered().IsMatch(f)), Is.Empty, "names are NNNN_snake_case.sql");
            Assert.That(files.Select(f => int.Parse(f[..4], System.Globalization.CultureInfo.InvariantCulture)),
                Is.EqualTo(Enumerable.Range(1, files.Length)), "numbered 1..N");
        });
    }

    [Test]
    public void ShippedMigrations_AreNeverEdited_AndEachNewOneIsRecorded()
    {
        var recorded = File.ReadAllLines(RepoFiles.PathOf(HashFile))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => l.Split("  ", 2))
            .ToDictionary(p => p[1].Trim(), p => p[0].Trim());
        var actual = Files().ToDictionary(f => f, f => Sha256(RepoFiles.Read("migrations/" + f)));
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Keys.Where(f => !actual.ContainsKey(f)), Is.Empty, "a shipped migration was deleted or renamed");
            Assert.That(recorded.Where(r => actual.TryGetValue(r.Key, out var hash) && hash != r.Value).Select(r => r.Key), Is.Empty,
                "a shipped migration was edited: add a new migration instead");
            Assert.That(actual.Keys.Where(f => !recorded.ContainsKey(f)).Select(f => $"{actual[f]}  {f}"), Is.Empty,
                $"a new migration: add these lines to {HashFile}");
        });
    }

    [Test]
    public void NoFileUndoesAnother() =>
        Assert.That(Files().Where(f => DownLike().IsMatch(f)), Is.Empty, "no file undoes another");

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal))));

    [GeneratedRegex(@"^\d{4}_[a-z0-9_]+\.sql$")]
    private static partial Regex Numbered();

    [GeneratedRegex("(^|_)(down|rollback|revert|undo)(_|\\.)")]
    private static partial Regex DownLike();
}
