using AuditOrchestrator.Audits.Registry;
using System.Security.Claims;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Evidence;
using AuditOrchestrator.Api.Instances;
using AuditOrchestrator.Audits.Alerts;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuditOrchestrator.Api.Runs;

/// <summary>Audit runs: start one, list them, read one with its items, and the item and run actions (README, "Runs").</summary>
public static class RunsApi
{
    /// <summary>Items per page of GET /api/runs/{id} and /progress unless asked otherwise, and the most a page holds.</summary>
    public const int DefaultItemLimit = 500;
    public const int MaxItemLimit = 1000;

    public sealed record StartRun(string? Audit);
    public sealed record Started(Guid Id);

    /// <summary>The runs' services: the audit workflows' activities and the reader behind GET /api/runs.</summary>
    public static IServiceCollection AddRuns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuditWorkflows(configuration);
        services.AddSingleton<RunReader>();
        services.TryAddSingleton<RunAlertStore>();
        services.AddSingleton<RunItemCounts>();
        services.AddSingleton<RunList>();
        services.AddSingleton<RunStepPositions>();
        services.AddSingleton<EvidenceService>();
        services.AddSingleton<EvidencePublisher>();
        services.AddTransient<EvidencePublishJob>();
        services.AddSingleton(EvidencePublishJob.Pass);
        return services;
    }

    public static void MapRuns(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("Runs");
        runs.MapPost("", StartAsync).RequireRole(Role.Operator);
        runs.MapGet("", ListAsync).RequireRole(Role.Viewer);
        runs.MapGet("/{id:guid}", async Task<Results<Ok<RunView>, ProblemHttpResult>> (
            Guid id, RunReader reader, CancellationToken ct, int itemOffset = 0, int itemLimit = DefaultItemLimit) =>
            itemOffset < 0 || itemLimit is < 1 or > MaxItemLimit
                ? TypedResults.Problem($"'itemOffset' must be 0 or more and 'itemLimit' between 1 and {MaxItemLimit}.", statusCode: StatusCodes.Status400BadRequest)
                : await reader.GetAsync(id, ct, itemOffset, itemLimit) is { } run ? TypedResults.Ok(run) : NotFound($"No run {id}.")).RequireRole(Role.Viewer);

        runs.MapRunProgress();
        api.MapEvidence();

        var item = runs.MapGroup("/{id:guid}/items/{itemId}/actions").RequireRole(Role.Operator);
        item.MapPost("/addressed", (Guid id, string itemId, RunReader reader, SignalInbox inbox, ClaimsPrincipal user, CancellationToken ct) =>
            OnItemAsync(reader, id, itemId, ct, child => MarkAddressedAsync(inbox, child, user.Actor(), ct)));
        item.MapPost("/skip-wait", (Guid id, string itemId, RunReader reader, InstanceOperations ops, ClaimsPrincipal user, CancellationToken ct) =>
            OnItemAsync(reader, id, itemId, ct, child => ops.SkipWaitAsync(child.Id, user.Actor(), ct)));
        item.MapPost("/extend-wait", (Guid id, string itemId, InstancesApi.ExtendWait body, RunReader reader, InstanceOperations ops, ClaimsPrincipal user, CancellationToken ct) =>
            OnItemAsync(reader, id, itemId, ct, child => body.ApplyAsync(ops, child.Id, user.Actor(), ct)));
        item.MapPost("/retry", (Guid id, string itemId, RunReader reader, InstanceOperations ops, ClaimsPrincipal user, CancellationToken ct) =>
            OnItemAsync(reader, id, itemId, ct, child => ops.RetryAsync(child.Id, user.Actor(), ct)));

        var run = runs.MapGroup("/{id:guid}/actions").RequireRole(Role.Operator);
        run.MapPost("/cancel", async (Guid id, AuditRuns auditRuns, InstanceOperations ops, ClaimsPrincipal user, CancellationToken ct) =>
            await auditRuns.FindAsync(id, ct) is null ? NotFound($"No run {id}.") : await InstancesApi.Answer(ops.CancelAsync(id, user.Actor(), ct)));
        runs.MapRunSomActions();
    }

    /// <summary>
    /// A page of runs (at most <see cref="RunList.MaxLimit"/>); the body stays the list of runs, and the next page's
    /// address comes in a <c>Link: &lt;…&gt;; rel="next"</c> header (its <c>after</c> cursor also in <c>X-Next-Cursor</c>).
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyList<RunView>>, ProblemHttpResult>> ListAsync(
        RunReader reader, HttpContext http, CancellationToken ct, string? audit = null, int limit = RunList.DefaultLimit, string? person = null,
        bool tests = false, string? after = null)
    {
        if (limit is < 1 or > RunList.MaxLimit)
        {
            return TypedResults.Problem($"'limit' must be between 1 and {RunList.MaxLimit}.", statusCode: StatusCodes.Status400BadRequest);
        }
        try
        {
            var (page, next) = await reader.ListAsync(new RunListFilter(audit, person, tests, after, limit), ct);
            if (next is not null)
            {
                var query = QueryString.Create(http.Request.Query
                    .Where(q => q.Key != "after")
                    .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
                    .Append(new("after", next)));
                http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{query}>; rel=\"next\"";
                http.Response.Headers["X-Next-Cursor"] = next;
            }
            return TypedResults.Ok(page);
        }
        catch (FormatException)
        {
            return TypedResults.Problem("'after' is not a cursor this API gave out.", statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<Results<Accepted<Started>, ProblemHttpResult>> StartAsync(
        StartRun body, WorkflowStarter starter, AuditRuns runs, AuditCatalog audits, IConfiguration configuration, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!audits.TryFind(body.Audit, out var audit))
        {
            return TypedResults.Problem($"'audit' must be one of: {audits.NameList}.", statusCode: StatusCodes.Status400BadRequest);
        }
        var definition = audits.DefinitionFor(audit.Value, configuration);
        Guid id;
        try
        {
            id = await starter.StartAsync(definition, new JsonObject { ["kind"] = RunKinds.Manual }, null, user.Actor(), ct);
        }
        catch (UnknownDefinitionException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
        // If the node dies here, the audit's first step creates the row itself.
        await runs.EnsureAsync(id, audit.Value.CliName(), RunKinds.Manual, ct);
        return TypedResults.Accepted($"/api/runs/{id}", new Started(id));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> OnItemAsync(
        RunReader reader, Guid runId, string itemId, CancellationToken ct, Func<InstanceSummary, Task<OperationResult>> action)
    {
        var child = await reader.FindItemInstanceAsync(runId, itemId, ct);
        return child is null ? NotFound($"Run {runId} has no item '{itemId}' being followed up.") : await InstancesApi.Answer(action(child));
    }

    /// <summary>The item's flow takes the operator's word at its next wait (or at once, when it is waiting).</summary>
    private static async Task<OperationResult> MarkAddressedAsync(SignalInbox inbox, InstanceSummary child, string actor, CancellationToken ct)
    {
        if (InstanceStatusNames.IsFinished(child.Status))
        {
            return OperationResult.NotApplicable("The item's follow-up is over.");
        }
        await inbox.DeliverAsync(new Signal($"operator:addressed:{child.Id}", AwaitAnswerActivity.AddressedSignal, child.Id.ToString(),
            new JsonObject { ["author"] = actor }, actor), ct);
        return OperationResult.Done;
    }

    private static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);
}
