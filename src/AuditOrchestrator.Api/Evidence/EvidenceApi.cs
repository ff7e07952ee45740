using System.Text;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Evidence;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Evidence;

/// <summary>A run's hash-chained record and evidence pack: exported, and verified where it is stored (docs/evidence.md).</summary>
public static class EvidenceApi
{
    // A pack of a long run with many items is a few MB; far more is not a pack this service made.
    public const int MaxPackBytes = 16 * 1024 * 1024;

    public static void MapEvidence(this RouteGroupBuilder api)
    {
        api.MapGet("/runs/{id:guid}/evidence/verify", async Task<Results<Ok<ChainVerdict>, ProblemHttpResult>> (
            Guid id, RunRecord record, CancellationToken ct) =>
        {
            var stored = await record.ReadAsync(id, ct);
            return stored.Entries.Count == 0 && stored.HeadHash is null ? NotFound(id) : TypedResults.Ok(stored.Verify());
        }).WithTags("Evidence").RequireRole(Role.Viewer);

        api.MapGet("/runs/{id:guid}/evidence", async Task<Results<ContentHttpResult, ProblemHttpResult>> (
            Guid id, EvidenceService evidence, HttpContext http, CancellationToken ct, string format = EvidenceService.Json) =>
        {
            if (!EvidenceService.IsFormat(format))
            {
                return TypedResults.Problem(detail: "format must be json, md or csv.", statusCode: StatusCodes.Status400BadRequest);
            }
            if (await evidence.BuildAsync(id, ct) is not { } pack)
            {
                return NotFound(id);
            }
            var (text, contentType, extension) = EvidenceService.Render(pack, format);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"evidence-{id}.{extension}\"";
            return TypedResults.Text(text, contentType, Encoding.UTF8);
        }).Produces<string>(StatusCodes.Status200OK, "application/json", "text/markdown", "text/csv").WithTags("Evidence").RequireRole(Role.Viewer);

        api.MapPost("/evidence/verify", async Task<Results<Ok<PackVerdict>, ProblemHttpResult>> (
            HttpRequest request, EvidenceService evidence, CancellationToken ct) =>
        {
            if (request.ContentLength > MaxPackBytes)
            {
                return TypedResults.Problem(detail: $"A pack is at most {MaxPackBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            var text = await ReadBoundedAsync(request.Body, ct);
            if (text is null)
            {
                return TypedResults.Problem(detail: $"A pack is at most {MaxPackBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            return await evidence.VerifyAsync(text, ct) is { } verdict
                ? TypedResults.Ok(verdict)
                : TypedResults.Problem(detail: $"The body is not an evidence pack ({EvidencePack.Schema}).", statusCode: StatusCodes.Status400BadRequest);
        }).WithTags("Evidence").RequireRole(Role.Viewer);
    }

    private static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(detail: $"No run {id}.", statusCode: StatusCodes.Status404NotFound);

    // Read as bytes, decoded once: the pack's exact text is what verify compares.
    private static async Task<string?> ReadBoundedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxPackBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
