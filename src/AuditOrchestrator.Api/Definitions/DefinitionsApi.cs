using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Security;
using AuditOrchestrator.Engine.Versions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AuditOrchestrator.Api.Definitions;

public static class DefinitionsApi
{
    public sealed record DefinitionSummary(string Id, string Name, int? ActiveVersion, int LatestVersion, IReadOnlyList<int> FlaggedDrafts);
    public sealed record RejectedFile(string File, IReadOnlyList<string> Errors);
    public sealed record DefinitionList(IReadOnlyList<DefinitionSummary> Definitions, IReadOnlyList<RejectedFile> RejectedFiles);
    public sealed record VersionSummary(int Version, string Status, string Origin, string? FilePath, string? FileHash, string? Author, string? Flagged, DateTimeOffset CreatedAt);
    public sealed record DefinitionDetail(string Id, string Name, int? ActiveVersion, IReadOnlyList<VersionSummary> Versions);
    public sealed record VersionDetail(string DefinitionId, VersionSummary Version, string Yaml, string Mermaid, DefinitionDto Definition);

    public static void MapDefinitions(this RouteGroupBuilder api)
    {
        var definitions = api.MapGroup("/definitions").WithTags("Definitions").RequireRole(Role.Viewer);
        definitions.MapGet("", ListAsync);
        definitions.MapGet("/{id}", GetAsync);
        definitions.MapGet("/{id}/versions/{version:int}", GetVersionAsync);
        definitions.MapCombinedGraph();
    }

    private static async Task<Ok<DefinitionList>> ListAsync(IDbContextFactory<OrchestratorDbContext> contexts, DefinitionFileState files, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var versions = await db.DefinitionVersions.AsNoTracking().OrderBy(v => v.DefinitionId).ThenBy(v => v.Version).ToListAsync(ct);
        var summaries = versions.GroupBy(v => v.DefinitionId).Select(g => Summarise(g.ToList())).ToList();
        var rejected = files.LastImport.Where(f => f.Outcome == ImportOutcome.Invalid)
            .Select(f => new RejectedFile(Path.GetFileName(f.Path), [.. f.Errors.Select(e => e.ToString())])).ToList();
        return TypedResults.Ok(new DefinitionList(summaries, rejected));
    }

    private static async Task<Results<Ok<DefinitionDetail>, ProblemHttpResult>> GetAsync(
        string id, IDbContextFactory<OrchestratorDbContext> contexts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var versions = await db.DefinitionVersions.AsNoTracking().Where(v => v.DefinitionId == id).OrderBy(v => v.Version).ToListAsync(ct);
        if (versions.Count == 0)
        {
            return UnknownDefinition(id);
        }
        var summary = Summarise(versions);
        return TypedResults.Ok(new DefinitionDetail(id, summary.Name, summary.ActiveVersion, [.. versions.Select(ToSummary)]));
    }

    private static async Task<Results<Ok<VersionDetail>, ProblemHttpResult>> GetVersionAsync(
        string id, int version, IDbContextFactory<OrchestratorDbContext> contexts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var stored = await db.DefinitionVersions.AsNoTracking().SingleOrDefaultAsync(v => v.DefinitionId == id && v.Version == version, ct);
        if (stored is null)
        {
            return TypedResults.Problem($"Definition '{id}' has no version {version}.", statusCode: StatusCodes.Status404NotFound);
        }
        var definition = DefinitionJson.Deserialize(stored.DefinitionJson);
        return TypedResults.Ok(new VersionDetail(id, ToSummary(stored), stored.Yaml, MermaidExporter.Export(definition), DefinitionJson.ToDto(definition)));
    }

    private static ProblemHttpResult UnknownDefinition(string id) =>
        TypedResults.Problem($"No definition '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static DefinitionSummary Summarise(List<DefinitionVersion> versions)
    {
        var active = versions.LastOrDefault(v => v.Status == VersionStatus.Published);
        var named = DefinitionJson.Deserialize((active ?? versions[^1]).DefinitionJson);
        return new DefinitionSummary(
            versions[0].DefinitionId,
            named.Name,
            active?.Version,
            versions[^1].Version,
            [.. versions.Where(v => v.Flagged is not null && v.Status == VersionStatus.Draft).Select(v => v.Version)]);
    }

    private static VersionSummary ToSummary(DefinitionVersion v) => new(
        v.Version, VersionStatusNames.ToName(v.Status), VersionOriginNames.ToName(v.Origin), v.FilePath, v.FileHash, v.Author, v.Flagged, v.CreatedAt);
}
