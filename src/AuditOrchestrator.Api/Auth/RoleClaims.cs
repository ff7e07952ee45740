using System.Security.Claims;
using AuditOrchestrator.Engine.Security;

namespace AuditOrchestrator.Api.Auth;

public static class RoleClaims
{
    public const string Role = "ao:role";
    public const string TokenId = "ao:token";

    public static bool HasAtLeast(this ClaimsPrincipal user, Role minimum) =>
        RoleNames.TryParse(user.FindFirstValue(Role), out var role) && role >= minimum;

    /// <summary>Who did it, for the journal: the signed-in user or the API token's name.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
