using AuditOrchestrator.Engine.Persistence;

namespace AuditOrchestrator.Api.Cli;

public static class MigrateCommand
{
    public static async Task<int> RunAsync(CliArguments args, IServiceProvider services, CancellationToken ct)
    {
        var migrator = services.GetRequiredService<DatabaseMigrator>();
        await migrator.MigrateAsync(ct);
        await Console.Out.WriteLineAsync("The database is at the newest schema.");
        return 0;
    }
}
