using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Versions;

namespace AuditOrchestrator.Api.Definitions;

public static class DefinitionServices
{
    public static IServiceCollection AddOrchestratorDefinitions(this IServiceCollection services)
    {
        // Every registered activity's own descriptor (AddActivity), in registration order: the engine's built-ins first.
        services.AddSingleton(sp => new ActivityRegistry(sp.GetServices<ActivityDescriptor>()));
        services.AddSingleton<DefinitionImporter>();
        services.AddSingleton<DefinitionFileState>();
        return services;
    }

    public static DefinitionCatalog LoadShippedFiles(IServiceProvider services) =>
        DefinitionCatalog.LoadDirectory(
            WorkflowsDirectory.Resolve(services.GetRequiredService<IConfiguration>()),
            services.GetRequiredService<ActivityRegistry>());
}

/// <summary>What the last import of the shipped files found, so the API can show files that were rejected.</summary>
public sealed class DefinitionFileState
{
    public IReadOnlyList<ImportedFile> LastImport { get; set; } = [];
}

/// <summary>Imports the shipped definition files at start, after the migrations.</summary>
public sealed class DefinitionImportHostedService(IServiceProvider services, DefinitionImporter importer, DefinitionFileState state) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        state.LastImport = await importer.ImportAsync(DefinitionServices.LoadShippedFiles(services), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
