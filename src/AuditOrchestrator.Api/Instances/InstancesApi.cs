using AuditOrchestrator.Audits.Registry;
using System.Security.Claims;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Instances;

/// <summary>Instances of any definition: start, search, read with journal and bookmarks, and the operator actions.</summary>
public static class InstancesApi
{
    public sealed record StartInstance(string Definition, JsonObject? Variables, string? CorrelationKey, int? Version);
    public sealed record Started(Guid Id);
    /// <summary>The extension as a .NET duration (<c>"1.00:00:00"</c>), read here so that a bad one is a clear 400.</summary>
    public sealed record ExtendWait(string? By)
    {
        public async Task<OperationResult> ApplyAsync(InstanceOperations ops, Guid instanceId, string actor, CancellationToken ct) =>
            TimeSpan.TryParse(By, System.Globalization.CultureInfo.InvariantCulture, out var by)
                ? await ops.ExtendWaitAsync(instanceId, by, actor, ct)
                : OperationResult.Invalid(
                    $"'by' must be a duration like \"1.00:00:00\" (days.hours:minutes:seconds), more than 0 and at most {InstanceOperations.MaxWaitExtension.TotalDays:0} days.");
    }
    public sealed record Migrate(int Version);

    public static void MapInstances(this RouteGroupBuilder api)
    {
        var instances = api.MapGroup("/instances").WithTags("Instances");
        instances.MapGet("", SearchAsync).RequireRole(Role.Viewer);
        instances.MapGet("/{id:guid}", GetAsync).RequireRole(Role.Viewer);
        // Against real vendors an instance started by hand is an audit, published, started by an admin; drafts and
        // child flows start only where the vendors are simulated (or through the designer's test run, same rule).
        var services = ((IEndpointRouteBuilder)api).ServiceProvider;
        var simulated = TestRunApi.Allowed(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>());
        instances.MapPost("", (StartInstance body, WorkflowStarter starter, DefinitionCache definitions, AuditCatalog audits, ClaimsPrincipal user, CancellationToken ct) =>
                StartAsync(body, starter, definitions, audits, simulated, user, ct))
            .RequireRole(simulated ? Role.Operator : Role.Admin);
        instances.MapInstancePlace();

        var actions = instances.MapGroup("/{id:guid}/actions").RequireRole(Role.Operator);
        actions.MapPost("/skip-wait", (Guid id, InstanceOperations ops, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(ops.SkipWaitAsync(id, user.Actor(), ct)));
        actions.MapPost("/extend-wait", (Guid id, ExtendWait body, InstanceOperations ops, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(body.ApplyAsync(ops, id, user.Actor(), ct)));
        actions.MapPost("/retry", (Guid id, InstanceOperations ops, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(ops.RetryAsync(id, user.Actor(), ct)));
        actions.MapPost("/cancel", (Guid id, InstanceOperations ops, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(ops.CancelAsync(id, user.Actor(), ct)));
        actions.MapPost("/migrate", (Guid id, Migrate body, InstanceOperations ops, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(ops.MigrateAsync(id, body.Version, user.Actor(), ct))).RequireRole(Role.Admin);
    }

    private static async Task<Ok<IReadOnlyList<InstanceSummary>>> SearchAsync(
        InstanceQueries queries, CancellationToken ct, string? definition = null, string? status = null, string? key = null, Guid? parent = null, int limit = 100,
        Guid? run = null)
    {
        if (run is null)
        {
            return TypedResults.Ok(await queries.SearchAsync(new InstanceFilter(definition, status, key, parent, limit), ct));
        }
        // One run's instances: the audit's, its flows' and its items', newest first like the rest.
        var root = await queries.GetAsync(run.Value, ct);
        var under = await RunDescendants.ReadAsync(queries, run.Value, ct);
        IEnumerable<InstanceSummary> all = [.. root is null ? [] : new[] { root.Instance }, .. under.Flows.Concat(under.Items).Select(d => d.Instance)];
        var found = all
            .Where(i => (definition is null || i.DefinitionId == definition) && (status is null || i.Status == status)
                && (key is null || i.CorrelationKey == key) && (parent is null || i.ParentId == parent))
            .OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Take(Math.Clamp(limit, 1, 1000))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<InstanceSummary>>(found);
    }

    private static async Task<Results<Ok<InstanceDetail>, ProblemHttpResult>> GetAsync(Guid id, InstanceQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } detail
            ? TypedResults.Ok(detail)
            : TypedResults.Problem($"No instance {id}.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Accepted<Started>, ProblemHttpResult>> StartAsync(
        StartInstance body, WorkflowStarter starter, DefinitionCache definitions, AuditCatalog audits, bool simulated, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Definition))
        {
            return TypedResults.Problem("'definition' is required.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!simulated && !audits.AuditLevel.Contains(body.Definition))
        {
            return TypedResults.Problem(
                $"'{body.Definition}' is not an audit: outside the sandbox and Development only audits ({string.Join(", ", audits.AuditLevel.Order(StringComparer.Ordinal))}) start from the API; child flows start from their audit.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        if (!simulated && body.Version is { } version && !await definitions.IsPublishedAsync(body.Definition, version, ct))
        {
            return TypedResults.Problem(
                $"Version {version} of '{body.Definition}' is not published: outside the sandbox and Development only published versions start (test a draft with the designer's test run where vendors are simulated).",
                statusCode: StatusCodes.Status403Forbidden);
        }
        try
        {
            var id = await starter.StartAsync(body.Definition, body.Variables, body.CorrelationKey, user.Actor(), ct, body.Version);
            return TypedResults.Accepted($"/api/instances/{id}", new Started(id));
        }
        catch (UnknownDefinitionException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
        }
    }

    /// <summary>202 when done, 404 for an unknown instance, 409 with the reason when the action does not apply.</summary>
    internal static async Task<Results<Accepted, ProblemHttpResult>> Answer(Task<OperationResult> operation) =>
        (await operation) switch
        {
            { Status: OperationStatus.Done } => TypedResults.Accepted((string?)null),
            { Status: OperationStatus.NotFound, Reason: var reason } => TypedResults.Problem(reason, statusCode: StatusCodes.Status404NotFound),
            { Status: OperationStatus.Invalid, Reason: var reason } => TypedResults.Problem(reason, statusCode: StatusCodes.Status400BadRequest),
            { Reason: var reason } => TypedResults.Problem(reason, statusCode: StatusCodes.Status409Conflict),
        };
}
