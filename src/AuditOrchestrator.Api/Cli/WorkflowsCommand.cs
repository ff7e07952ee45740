using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Versions;

namespace AuditOrchestrator.Api.Cli;

/// <summary>`workflows validate [dir]` and `workflows export --format mermaid|yaml &lt;id&gt;`, on the definition files.</summary>
public static class WorkflowsCommand
{
    public static async Task<int> RunAsync(CliArguments args, IServiceProvider services, CancellationToken ct)
    {
        var registry = services.GetRequiredService<ActivityRegistry>();
        return args.Word(0, "workflows: a sub-command (validate or export)") switch
        {
            "validate" => await ValidateAsync(args, services, registry),
            "export" => await ExportAsync(args, services, registry),
            var other => throw new CliUsageException($"workflows: unknown sub-command '{other}'"),
        };
    }

    private static async Task<int> ValidateAsync(CliArguments args, IServiceProvider services, ActivityRegistry registry)
    {
        var directory = args.Positional.Count > 1 ? args.Positional[1] : WorkflowsDirectory.Resolve(services.GetRequiredService<IConfiguration>());
        var catalog = DefinitionCatalog.LoadDirectory(directory, registry);
        foreach (var error in catalog.Errors)
        {
            await Console.Error.WriteLineAsync(error.ToString());
        }
        var invalid = catalog.Files.Count(f => !f.Result.IsValid);
        await Console.Out.WriteLineAsync($"{catalog.Definitions.Length} valid, {invalid} invalid definition file(s) in {directory}");
        return invalid == 0 ? 0 : 1;
    }

    private static async Task<int> ExportAsync(CliArguments args, IServiceProvider services, ActivityRegistry registry)
    {
        var id = args.Word(1, "workflows export: the definition id");
        var format = args.Option("format") ?? "yaml";
        var catalog = DefinitionServices.LoadShippedFiles(services);
        if (!catalog.TryGet(id, out var definition))
        {
            await Console.Error.WriteLineAsync($"error: no valid definition '{id}' (ids: {string.Join(", ", catalog.Definitions.Select(d => d.Id))})");
            return 1;
        }
        await Console.Out.WriteAsync(format switch
        {
            // An audit is drawn with the flows it starts inlined, as its handbook chart draws it (workflows/README.md).
            "mermaid" => MermaidExporter.ExportCombined(definition, registry, child => catalog.TryGet(child, out var found) ? found : null),
            "yaml" => YamlExporter.Export(definition),
            _ => throw new CliUsageException("--format must be mermaid or yaml"),
        });
        return 0;
    }
}
