using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Sources;

/// <summary>GET /api/sources/pagerduty/audit-records (filters and keyset paging) and its records per day.</summary>
public static class AuditRecordsApi
{
    public static void MapAuditRecords(this RouteGroupBuilder sources)
    {
        sources.MapGet("/pagerduty/audit-records", async Task<Results<Ok<AuditRecordPage>, ProblemHttpResult>> (
            AuditRecordQueries queries, CancellationToken ct, DateTimeOffset? from = null, DateTimeOffset? to = null, string? actor = null,
            string? resourceType = null, string? action = null, string? after = null, int limit = 50) =>
        {
            try
            {
                return TypedResults.Ok(await queries.PageAsync(new AuditRecordFilter(from, to, actor, resourceType, action), after, limit, ct));
            }
            catch (FormatException)
            {
                return TypedResults.Problem("'after' is not a cursor this API gave out.", statusCode: StatusCodes.Status400BadRequest);
            }
        });
        sources.MapGet("/pagerduty/audit-records/per-day", async (
            AuditRecordQueries queries, CancellationToken ct, DateTimeOffset? from = null, DateTimeOffset? to = null, string? actor = null,
            string? resourceType = null, string? action = null) =>
            TypedResults.Ok(await queries.PerDayAsync(new AuditRecordFilter(from, to, actor, resourceType, action), ct)));
    }
}
