using AuditOrchestrator.Api.Hosting;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Persistence.Migrations;
using AuditOrchestrator.Vendors.Migrations;

namespace AuditOrchestrator.Api.Migrations;

/// <summary>
/// The service's one migration sequence: each project declares the migrations of its own tables (engine, audits, vendor
/// clients, this host), and they are composed here into the numbered sequence applied under one advisory lock.
/// </summary>
public static class ProductMigrations
{
    /// <summary>Composed and checked at start-up: a gap or a number taken twice stops the service with its reason.</summary>
    public static MigrationSequence Sequence() => MigrationSequence.FromAssemblies(
        typeof(DatabaseMigrator).Assembly,
        typeof(AuditOrchestrator.Audits.Migrations.M0005Runs).Assembly,
        typeof(M0022VendorRequestBudgets).Assembly,
        typeof(ProductMigrations).Assembly);

    public static IServiceCollection AddDatabaseMigrations(this IServiceCollection services)
    {
        MigrationSequence sequence;
        try
        {
            sequence = Sequence();
        }
        catch (InvalidOperationException broken)
        {
            throw new StartupRefusedException(broken.Message);
        }
        services.AddSingleton(sequence);
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }
}
