using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

/// <summary>
/// A migration whose body is the numbered SQL file of the same id in migrations/ (embedded in this assembly).
/// Migrations only move forward: there is no Down.
/// </summary>
public abstract class SqlFileMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var id = GetType().GetCustomAttribute<MigrationAttribute>()?.Id
            ?? throw new InvalidOperationException($"{GetType().Name} lacks a [Migration] id.");
        migrationBuilder.Sql(ReadSql(id));
    }

    internal static string ReadSql(string id)
    {
        var name = $"migrations/{id}.sql";
        using var stream = typeof(SqlFileMigration).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The SQL file {name} is not embedded in the engine assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
