using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

/// <summary>
/// A migration whose body is the numbered SQL file of the same id in migrations/, embedded in the assembly of the
/// project that owns the tables it touches. Migrations only move forward: there is no Down.
/// </summary>
public abstract class SqlFileMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(ReadSql());

    public string ReadSql()
    {
        var name = $"migrations/{IdOf(GetType())}.sql";
        var assembly = GetType().Assembly;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The SQL file {name} is not embedded in {assembly.GetName().Name}, the assembly of {GetType().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static string IdOf(Type migration) => migration.GetCustomAttribute<MigrationAttribute>()?.Id
        ?? throw new InvalidOperationException($"{migration.FullName} lacks a [Migration] id.");
}
