using AuditOrchestrator.Api.Hosting;
using AuditOrchestrator.Audits.Checks;

namespace AuditOrchestrator.Api.Cli;

/// <summary>
/// The verbs of the service's executable (README, "Command line"). Anything else starts the web host, so
/// `AuditOrchestrator --urls …` keeps working.
/// </summary>
public static class CommandLine
{
    private static readonly Dictionary<string, Func<CliArguments, IServiceProvider, CancellationToken, Task<int>>> Verbs = new()
    {
        ["migrate"] = MigrateCommand.RunAsync,
        ["tokens"] = TokensCommand.RunAsync,
        ["workflows"] = WorkflowsCommand.RunAsync,
        ["audit"] = AuditCommand.RunAsync,
        ["evidence"] = EvidenceCommand.VerifyAsync,
        ["runs"] = EvidenceCommand.RunsAsync,
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && (Verbs.ContainsKey(args[0]) || args[0] is "help" or "--help");

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] is "help" or "--help")
        {
            await Console.Out.WriteLineAsync(Usage);
            return 0;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        try
        {
            var arguments = CliArguments.Parse(args.Skip(1));
            await using var services = CliServices.Build();
            return await Verbs[args[0]](arguments, services, cancel.Token);
        }
        catch (CliUsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        catch (Exception e) when (e is InvalidOperationException or StartupRefusedException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>The verbs, with the audits' names as their registrations declare them.</summary>
    public static readonly string Usage = $"""
        usage: AuditOrchestrator [verb]
          (no verb)                                       run the service
          migrate                                         apply database migrations and exit
          tokens create --role <viewer|operator|admin> --name <name>
                                                          create an API token and print it once
          workflows validate [<directory>]                validate the workflow definition files
          workflows export --format <mermaid|yaml> <id>   print a definition
          audit <{string.Join('|', AuditIntegrations.Shipped.Keys.Select(k => k.Name))}> --dry-run [--format markdown|json]
                                                          run an audit's checks and print the report, touching nothing
          runs evidence <run id> [--format json|md|csv]   print a run's evidence pack
          evidence verify <file> [--against-database]     verify an exported evidence pack (and compare it with the stored record)
        """;
}

public sealed class CliUsageException(string message) : Exception(message);
