using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

/// <summary>
/// EF Core's view of the migrations: the composed <see cref="MigrationSequence"/> instead of the classes of one
/// assembly, so each project can hold its own. Ids, history table and transactions stay EF Core's.
/// </summary>
internal sealed class SequenceMigrationsAssembly(IDbContextOptions options) : IMigrationsAssembly
{
    private readonly MigrationSequence _sequence = options.FindExtension<SequenceOption>()?.Sequence
        ?? throw new InvalidOperationException("The migration sequence was not given to the migrating context.");

    public IReadOnlyDictionary<string, TypeInfo> Migrations =>
        _sequence.Steps.ToDictionary(s => s.Id, s => s.Migration.GetTypeInfo(), StringComparer.Ordinal);

    // The schema is owned by the SQL files: there is no model snapshot to compare with.
    public ModelSnapshot? ModelSnapshot => null;

    public Assembly Assembly => typeof(SequenceMigrationsAssembly).Assembly;

    public string? FindMigrationId(string nameOrId) =>
        _sequence.Steps.FirstOrDefault(s => s.Id == nameOrId || s.Migration.Name == nameOrId)?.Id;

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    /// <summary>Carries the sequence in the context's options, where EF Core's services can read it.</summary>
    internal sealed class SequenceOption(MigrationSequence sequence) : IDbContextOptionsExtension
    {
        public MigrationSequence Sequence => sequence;

        public DbContextOptionsExtensionInfo Info => new OptionInfo(this);

        public void ApplyServices(IServiceCollection services)
        {
        }

        public void Validate(IDbContextOptions options)
        {
        }

        private sealed class OptionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            public override bool IsDatabaseProvider => false;

            public override string LogFragment => "";

            // The sequence is read per context from its options: every sequence can share one internal service provider.
            public override int GetServiceProviderHashCode() => 0;

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is OptionInfo;

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            {
            }
        }
    }

    /// <summary>Options for a context that migrates through <paramref name="sequence"/>.</summary>
    public static DbContextOptions<OrchestratorDbContext> Options(Npgsql.NpgsqlDataSource dataSource, MigrationSequence sequence)
    {
        var builder = new DbContextOptionsBuilder<OrchestratorDbContext>().UseNpgsql(dataSource);
        builder.ReplaceService<IMigrationsAssembly, SequenceMigrationsAssembly>();
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new SequenceOption(sequence));
        return builder.Options;
    }
}
