using System.Security.Claims;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Auth;

public static class TokensApi
{
    public sealed record TokenView(Guid Id, string Name, string Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);
    public sealed record CreateTokenRequest(string Name, string Role);
    public sealed record CreatedToken(TokenView Token, string Secret);

    public static void MapTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens").RequireRole(Role.Admin);
        tokens.MapGet("", async (ApiTokenIssuer issuer, CancellationToken ct) =>
            TypedResults.Ok((await issuer.ListAsync(ct)).Select(ToView)));
        tokens.MapPost("", CreateAsync);
        tokens.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, ApiTokenIssuer issuer, CancellationToken ct) =>
            await issuer.RevokeAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound());
    }

    private static async Task<Results<Created<CreatedToken>, ValidationProblem>> CreateAsync(
        CreateTokenRequest request, ApiTokenIssuer issuer, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["A token needs a name."];
        }
        if (!RoleNames.TryParse(request.Role, out var role))
        {
            errors["role"] = ["Expected viewer, operator or admin."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (token, secret) = await issuer.CreateAsync(request.Name, role, user.Actor(), ct);
        return TypedResults.Created($"/api/tokens/{token.Id}", new CreatedToken(ToView(token), secret));
    }

    private static TokenView ToView(ApiToken t) =>
        new(t.Id, t.Name, RoleNames.ToName(t.Role), t.CreatedBy, t.CreatedAt, t.RevokedAt, t.LastUsedAt);
}
