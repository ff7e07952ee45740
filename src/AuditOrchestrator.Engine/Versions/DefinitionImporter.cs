using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AuditOrchestrator.Engine.Versions;

public enum ImportOutcome
{
    Unchanged,
    Published,
    Draft,
    Invalid,
}

public sealed record ImportedFile(string Path, string? DefinitionId, ImportOutcome Outcome, int? Version, IReadOnlyList<DefinitionError> Errors);

/// <summary>
/// Imports the shipped definition files as versions (docs/architecture.md, "Definitions and versions"): a file becomes a new version only when its
/// hash differs from the last version imported from a file; it is published unless a designer version is active,
/// in which case it waits as a flagged draft for an admin.
/// </summary>
public sealed class DefinitionImporter(IDbContextFactory<OrchestratorDbContext> contexts, TimeProvider clock, ILogger<DefinitionImporter> logger)
{
    public async Task<IReadOnlyList<ImportedFile>> ImportAsync(DefinitionCatalog catalog, CancellationToken ct)
    {
        var results = new List<ImportedFile>();
        foreach (var file in catalog.Files)
        {
            if (!file.Result.IsValid)
            {
                foreach (var error in file.Result.Errors)
                {
                    logger.LogError("Definition file rejected: {Error}", error.ToString());
                }
                results.Add(new ImportedFile(file.Path, null, ImportOutcome.Invalid, null, file.Result.Errors));
                continue;
            }
            results.Add(await ImportAsync(file, file.Result.Definition, ct));
        }
        return results;
    }

    private async Task<ImportedFile> ImportAsync(DefinitionFile file, WorkflowDefinition definition, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Serialises imports across nodes starting together (and with the designer's saves).
        await AdvisoryLock.TakeForTransactionAsync(db.Database, AdvisoryLocks.DefinitionVersions, ct);

        var versions = await db.DefinitionVersions.Where(v => v.DefinitionId == definition.Id).OrderBy(v => v.Version).ToListAsync(ct);
        var lastFromFile = versions.LastOrDefault(v => v.Origin == VersionOrigin.File);
        if (lastFromFile?.FileHash == file.Sha256)
        {
            return new ImportedFile(file.Path, definition.Id, ImportOutcome.Unchanged, lastFromFile.Version, []);
        }

        var active = versions.LastOrDefault(v => v.Status == VersionStatus.Published);
        var number = (versions.LastOrDefault()?.Version ?? 0) + 1;
        var designerIsActive = active?.Origin == VersionOrigin.Designer;
        var version = new DefinitionVersion
        {
            DefinitionId = definition.Id,
            Version = number,
            Status = designerIsActive ? VersionStatus.Draft : VersionStatus.Published,
            Origin = VersionOrigin.File,
            FilePath = Path.GetFileName(file.Path),
            FileHash = file.Sha256,
            Flagged = designerIsActive
                ? $"The shipped file {Path.GetFileName(file.Path)} changed while designer version {active!.Version} is active: review and publish it, or keep the designer's."
                : null,
            Yaml = YamlExporter.Export(definition),
            DefinitionJson = DefinitionJson.Serialize(definition),
            CreatedAt = clock.GetUtcNow(),
        };
        db.DefinitionVersions.Add(version);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        logger.LogInformation("Imported {DefinitionId} version {Version} from {File} as {Status}",
            definition.Id, number, version.FilePath, VersionStatusNames.ToName(version.Status));
        return new ImportedFile(file.Path, definition.Id, designerIsActive ? ImportOutcome.Draft : ImportOutcome.Published, number, []);
    }
}
