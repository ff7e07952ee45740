using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.Checks;

namespace AuditOrchestrator.Api.Cli;

/// <summary>`audit &lt;audit&gt; --dry-run [--format markdown|json]`: the checks and their report, touching nothing.</summary>
public static class AuditCommand
{
    public static async Task<int> RunAsync(CliArguments args, IServiceProvider services, CancellationToken ct)
    {
        var audits = services.GetRequiredService<AuditCatalog>();
        var name = args.Word(0, $"audit: the audit ({audits.NameList})");
        if (!audits.TryFind(name, out var audit))
        {
            throw new CliUsageException($"audit: unknown audit '{name}' ({audits.NameList})");
        }
        if (args.Option("dry-run") is null)
        {
            throw new CliUsageException("audit: only --dry-run is supported here; start a real run with `run start <audit>` or the API");
        }
        if (!AuditDryRun.TryParseFormat(args.Option("format") ?? "markdown", out var format))
        {
            throw new CliUsageException("--format must be markdown or json");
        }
        return await AuditDryRun.RunAsync(audit.Value, format, services, Console.Out, Console.Error, ct);
    }
}
