using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Versions;
using Microsoft.EntityFrameworkCore;

namespace AuditOrchestrator.Api.Definitions;

/// <summary>
/// Stores what the designer saves as a new immutable version (origin designer, with its author). A draft never
/// becomes active; a published version is the new active one. Instances keep the version they started with.
/// </summary>
public sealed class DesignerVersions(IDbContextFactory<OrchestratorDbContext> contexts, TimeProvider clock)
{

    public async Task<DefinitionVersion> AddAsync(WorkflowDefinition definition, VersionStatus status, string author, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The file importer's lock: version numbers are handed out one at a time, whoever writes them.
        await AdvisoryLock.TakeForTransactionAsync(db.Database, AdvisoryLocks.DefinitionVersions, ct);
        var last = await db.DefinitionVersions.Where(v => v.DefinitionId == definition.Id).MaxAsync(v => (int?)v.Version, ct) ?? 0;
        var version = new DefinitionVersion
        {
            DefinitionId = definition.Id,
            Version = last + 1,
            Status = status,
            Origin = VersionOrigin.Designer,
            Author = author,
            Yaml = YamlExporter.Export(definition),
            DefinitionJson = DefinitionJson.Serialize(definition),
            CreatedAt = clock.GetUtcNow(),
        };
        db.DefinitionVersions.Add(version);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return version;
    }

    public async Task<DefinitionVersion?> FindAsync(string id, int version, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.DefinitionVersions.AsNoTracking().SingleOrDefaultAsync(v => v.DefinitionId == id && v.Version == version, ct);
    }
}
