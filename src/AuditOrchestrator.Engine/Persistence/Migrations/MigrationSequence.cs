using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

/// <summary>
/// The one numbered sequence of migrations, composed from the projects that each migrate their own tables. Numbers run
/// 1..N with no gap and no repeat across all projects, so a deployed database's history reads the same whichever
/// project a migration lives in; anything else is refused before a database is touched.
/// </summary>
public sealed partial class MigrationSequence
{
    private MigrationSequence(IReadOnlyList<Step> steps) => Steps = steps;

    /// <summary>The migrations in the order they apply.</summary>
    public IReadOnlyList<Step> Steps { get; }

    public sealed record Step(string Id, Type Migration)
    {
        public int Number => int.Parse(Id[..4], CultureInfo.InvariantCulture);
    }

    /// <summary>Every <see cref="SqlFileMigration"/> declared in the given assemblies, as one sequence.</summary>
    public static MigrationSequence FromAssemblies(params IEnumerable<Assembly> assemblies) =>
        Compose(assemblies.Distinct().SelectMany(a => a.GetTypes())
            .Where(t => typeof(SqlFileMigration).IsAssignableFrom(t) && !t.IsAbstract));

    public static MigrationSequence Compose(IEnumerable<Type> migrations)
    {
        var steps = migrations.Select(t => new Step(SqlFileMigration.IdOf(t), t)).ToList();
        var problems = new List<string>();
        problems.AddRange(steps.Where(s => !Numbered().IsMatch(s.Id))
            .Select(s => $"{Describe(s)} is not named NNNN_snake_case"));
        var numbered = steps.Where(s => Numbered().IsMatch(s.Id)).OrderBy(s => s.Number).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        problems.AddRange(numbered.GroupBy(s => s.Number).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key:0000} is taken twice: {string.Join(" and ", g.Select(Describe))}"));
        var last = numbered.Count == 0 ? 0 : numbered[^1].Number;
        var missing = Enumerable.Range(1, last).Except(numbered.Select(s => s.Number)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"no migration has number {string.Join(", ", missing.Select(n => n.ToString("0000", CultureInfo.InvariantCulture)))} (the sequence runs 0001..{last:0000} without gaps)");
        }
        if (steps.Count == 0)
        {
            problems.Add("no migration was found");
        }
        return problems.Count == 0
            ? new MigrationSequence(numbered)
            : throw new InvalidOperationException("The database migrations do not form one numbered sequence: " + string.Join("; ", problems) + ".");
    }

    private static string Describe(Step step) => $"{step.Id} ({step.Migration.Name} in {step.Migration.Assembly.GetName().Name})";

    [GeneratedRegex(@"^\d{4}_[a-z0-9_]+$")]
    private static partial Regex Numbered();
}
