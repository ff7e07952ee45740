using System.Security.Claims;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Ui;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace AuditOrchestrator.Api.Definitions;

/// <summary>
/// The designer's test run: starts an instance of one saved version (a draft included) where nothing real can be
/// reached, the sandbox's simulated vendors or Development. Elsewhere it is refused with the reason, and the designer's
/// button says the same.
/// </summary>
public static class TestRunApi
{
    public const string RefusedReason =
        "Test runs start only where the vendors are simulated (the sandbox, or Development): this service talks to the real ones.";

    public sealed record TestRunStarted(Guid Id, string DefinitionId, int Version);

    public static void MapTestRuns(this RouteGroupBuilder api) =>
        api.MapGroup("/definitions").WithTags("Definitions")
            .MapPost("/{id}/versions/{version:int}/test-run", StartAsync).RequireRole(Role.Admin);

    public static bool Allowed(IConfiguration configuration, IHostEnvironment environment) =>
        AdminUiEndpoints.DemoSignInAllowed(configuration, environment);

    private static async Task<Results<Accepted<TestRunStarted>, ProblemHttpResult>> StartAsync(
        string id, int version, WorkflowStarter starter, DefinitionCache definitions, IConfiguration configuration,
        IHostEnvironment environment, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!Allowed(configuration, environment))
        {
            return TypedResults.Problem(RefusedReason, statusCode: StatusCodes.Status409Conflict);
        }
        // An item flow works on the item its audit hands it; started alone it would fault at once for want of one.
        if (await StartedPerItemByAsync(id, definitions, ct) is { } parent)
        {
            return TypedResults.Problem(
                $"'{id}' follows up one item that '{parent}' hands it, and a test run has no item to give: start a test run of '{parent}' instead.",
                statusCode: StatusCodes.Status409Conflict);
        }
        try
        {
            var started = await starter.StartAsync(id, new JsonObject { ["testRun"] = true }, $"test-run:{Guid.NewGuid():N}", user.Actor(), ct, version);
            return TypedResults.Accepted($"/api/instances/{started}", new TestRunStarted(started, id, version));
        }
        catch (UnknownDefinitionException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
        }
    }

    /// <summary>The definition whose active version starts <paramref name="id"/> once per item (any child flow but a Branches flow), if any.</summary>
    private static async Task<string?> StartedPerItemByAsync(string id, DefinitionCache definitions, CancellationToken ct)
    {
        var ids = (await definitions.DefinitionIdsAsync(ct)).Where(other => other != id);
        foreach (var other in ids)
        {
            if (await definitions.ActiveVersionAsync(other, ct) is { } active && await definitions.FindAsync(other, active, ct) is { } definition
                && definition.Steps.Any(s => s.Activity != BuiltInActivities.Branches && s.ChildDefinitionIds().Contains(id, StringComparer.Ordinal)))
            {
                return other;
            }
        }
        return null;
    }
}
