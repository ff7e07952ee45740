using AuditOrchestrator.Api.Evidence;
using AuditOrchestrator.Engine.Evidence;
using AuditOrchestrator.Engine.Persistence;

namespace AuditOrchestrator.Api.Cli;

/// <summary><c>evidence verify &lt;file&gt; [--against-database]</c> and <c>runs evidence &lt;id&gt; [--format json|md|csv]</c>.</summary>
public static class EvidenceCommand
{
    public static async Task<int> VerifyAsync(CliArguments args, IServiceProvider services, CancellationToken ct)
    {
        if (args.Word(0, "evidence: a sub-command (verify)") != "verify")
        {
            throw new CliUsageException("evidence: the only sub-command is verify");
        }
        var file = args.Word(1, "evidence verify: the pack's file");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"no file {file}");
        }
        var text = await File.ReadAllTextAsync(file, ct);
        Func<Guid, Task<StoredRecord?>>? stored = null;
        if (args.Option("against-database") is "true")
        {
            var record = services.GetRequiredService<RunRecord>();
            stored = async id => await record.ReadAsync(id, ct);
        }
        var verdict = await PackVerifier.VerifyAsync(text, stored)
            ?? throw new InvalidOperationException($"{file} is not an evidence pack ({EvidencePack.Schema})");
        await Console.Out.WriteLineAsync(verdict.Intact ? verdict.Message : $"NOT intact: {verdict.Message}");
        foreach (var problem in verdict.Problems.Skip(1))
        {
            await Console.Out.WriteLineAsync($"  also: {problem}");
        }
        return verdict.Intact ? 0 : 1;
    }

    public static async Task<int> RunsAsync(CliArguments args, IServiceProvider services, CancellationToken ct)
    {
        if (args.Word(0, "runs: a sub-command (evidence)") != "evidence")
        {
            throw new CliUsageException("runs: the only sub-command is evidence");
        }
        if (!Guid.TryParse(args.Word(1, "runs evidence: the run's id"), out var id))
        {
            throw new CliUsageException("runs evidence: the run's id is a UUID");
        }
        var format = args.Option("format") ?? EvidenceService.Json;
        if (!EvidenceService.IsFormat(format))
        {
            throw new CliUsageException("--format must be json, md or csv");
        }
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        var pack = await services.GetRequiredService<EvidenceService>().BuildAsync(id, ct)
            ?? throw new InvalidOperationException($"no run {id}");
        await Console.Out.WriteAsync(EvidenceService.Render(pack, format).Text);
        return 0;
    }
}
