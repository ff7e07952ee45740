using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Security;

namespace AuditOrchestrator.Api.Cli;

public static class TokensCommand
{
    public static async Task<int> RunAsync(CliArguments args, IServiceProvider services, CancellationToken ct)
    {
        if (args.Word(0, "tokens: a sub-command (create)") != "create")
        {
            throw new CliUsageException("tokens: the only sub-command is create");
        }
        if (!RoleNames.TryParse(args.Required("role"), out var role))
        {
            throw new CliUsageException("--role must be viewer, operator or admin");
        }
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        var (token, secret) = await services.GetRequiredService<ApiTokenIssuer>()
            .CreateAsync(args.Required("name"), role, createdBy: "cli", ct);
        await Console.Error.WriteLineAsync($"Created {RoleNames.ToName(role)} token '{token.Name}' ({token.Id}). It is shown only now:");
        await Console.Out.WriteLineAsync(secret);
        return 0;
    }
}
