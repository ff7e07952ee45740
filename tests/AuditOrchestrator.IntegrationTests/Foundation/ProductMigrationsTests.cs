using System.Reflection;
using AuditOrchestrator.Api.Migrations;
using AuditOrchestrator.Engine.Persistence.Migrations;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.IntegrationTests.Foundation;

/// <summary>
/// The sequence the service composes from its projects: one class per SQL file in migrations/, each running exactly
/// that file as embedded in its own project's assembly, none undoable. No database needed.
/// </summary>
public sealed class ProductMigrationsTests
{
    private static readonly MigrationSequence Sequence = ProductMigrations.Sequence();

    private static string[] Files() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "migrations"), "*.sql").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    [Test]
    public void ComposedSequence_HasOneMigrationPerSqlFile_InFileOrder() =>
        Assert.That(Sequence.Steps.Select(s => s.Id), Is.EqualTo(Files()));

    [Test]
    public void EachMigration_RunsItsOwnFile_EmbeddedInTheAssemblyThatDeclaresIt()
    {
        foreach (var step in Sequence.Steps)
        {
            var migration = (SqlFileMigration)Activator.CreateInstance(step.Migration)!;
            var file = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "migrations", step.Id + ".sql"));
            Assert.That(migration.ReadSql(), Is.EqualTo(file), $"{step.Id} in {step.Migration.Assembly.GetName().Name}");
        }
    }

    [Test]
    public void EachSqlFile_IsEmbeddedOnce_InTheProjectThatOwnsIt()
    {
        var embedded = Sequence.Steps.Select(s => s.Migration.Assembly).Distinct()
            .SelectMany(a => a.GetManifestResourceNames().Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)).Select(n => (Assembly: a, Name: n)))
            .ToList();
        var owners = Sequence.Steps.ToDictionary(s => $"migrations/{s.Id}.sql", s => s.Migration.Assembly);
        Assert.That(embedded.Where(e => !owners.TryGetValue(e.Name, out var owner) || owner != e.Assembly).Select(e => $"{e.Name} in {e.Assembly.GetName().Name}"),
            Is.Empty, "a SQL file embedded in a project that does not declare its migration");
        Assert.That(embedded, Has.Count.EqualTo(owners.Count));
    }

    [Test]
    public void NoMigration_OverridesDown() =>
        Assert.That(Sequence.Steps.Select(s => s.Migration)
            .Where(t => t.GetMethod("Down", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(MigrationBuilder)])!.DeclaringType != typeof(Migration)),
            Is.Empty);

    [Test]
    public void EngineProject_ShipsOnlyTheMigrationsOfItsOwnTables() =>
        Assert.That(Sequence.Steps.Where(s => s.Migration.Assembly == typeof(SqlFileMigration).Assembly).Select(s => s.Id),
            Is.EqualTo(new[]
            {
                "0001_foundation", "0002_runtime", "0009_operations", "0011_taken_signals", "0012_drop_quartz", "0013_evidence_chain",
                "0017_effect_attempts", "0018_evidence_link_set_based", "0024_drop_recorded_effects",
            }));
}
