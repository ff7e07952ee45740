using System.Security.Claims;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Instances;

public static class SignalsApi
{
    /// <summary>A signal for waiting instances. DeliveryKey deduplicates retries of the same request; one is made up when absent.</summary>
    public sealed record SendSignal(string Name, string Key, JsonObject? Payload, string? DeliveryKey);
    public sealed record SignalAccepted(string Outcome, Guid? ResumedInstance);

    /// <summary>
    /// Signals the audit workflows read as someone's word: GitLab's (only from webhooks and the reconciliation, which
    /// name the GitLab user), and the run and item actions' (which check who may act). None is sent from here.
    /// </summary>
    public static readonly IReadOnlyList<string> ReservedPrefixes = ["gitlab.", "run.", "item."];

    public static void MapSignals(this RouteGroupBuilder api) =>
        api.MapPost("/signals", SendAsync).WithTags("Signals").RequireRole(Role.Operator);

    private static async Task<Results<Accepted<SignalAccepted>, ValidationProblem, ProblemHttpResult>> SendAsync(
        SendSignal body, SignalInbox inbox, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || string.IsNullOrWhiteSpace(body.Key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name/key"] = ["A signal needs a name and a key."] });
        }
        if (ReservedPrefixes.Any(p => body.Name.Trim().StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Problem(
                $"'{body.Name}' stands for a GitLab event or a run/item action: GitLab's come only from its webhooks and the reconciliation; "
                + "use POST /api/runs/{id}/actions/… or …/items/{itemId}/actions/…, which record you as the actor.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        var result = await inbox.DeliverAsync(
            new Signal($"api:{body.DeliveryKey ?? Guid.NewGuid().ToString()}", body.Name, body.Key, body.Payload, user.Actor()), ct);
        return TypedResults.Accepted((string?)null, new SignalAccepted(result.Outcome.ToString().ToLowerInvariant(), result.ResumedInstance));
    }
}
