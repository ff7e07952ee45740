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

    public static void MapSignals(this RouteGroupBuilder api) =>
        api.MapPost("/signals", SendAsync).WithTags("Signals").RequireRole(Role.Operator);

    private static async Task<Results<Accepted<SignalAccepted>, ValidationProblem>> SendAsync(
        SendSignal body, SignalInbox inbox, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || string.IsNullOrWhiteSpace(body.Key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name/key"] = ["A signal needs a name and a key."] });
        }
        var result = await inbox.DeliverAsync(
            new Signal(body.DeliveryKey ?? $"api:{Guid.NewGuid()}", body.Name, body.Key, body.Payload, user.Actor()), ct);
        return TypedResults.Accepted((string?)null, new SignalAccepted(result.Outcome.ToString().ToLowerInvariant(), result.ResumedInstance));
    }
}
