using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Evidence;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Evidence;

/// <summary>A run's hash-chained record: verified where it is stored (docs/evidence.md).</summary>
public static class EvidenceApi
{
    public static void MapEvidence(this RouteGroupBuilder api)
    {
        api.MapGet("/runs/{id:guid}/evidence/verify", async Task<Results<Ok<ChainVerdict>, ProblemHttpResult>> (
            Guid id, RunRecord record, CancellationToken ct) =>
        {
            var stored = await record.ReadAsync(id, ct);
            return stored.Entries.Count == 0 && stored.HeadHash is null
                ? TypedResults.Problem(detail: $"No run {id}.", statusCode: StatusCodes.Status404NotFound)
                : TypedResults.Ok(stored.Verify());
        }).WithTags("Evidence").RequireRole(Role.Viewer);
    }
}
