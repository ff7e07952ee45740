using System.Security.Claims;
using AuditOrchestrator.Engine.Security;

namespace AuditOrchestrator.Api.Auth;

public static class RoleClaims
{
    public const string Role = "ao:role";
    public const string TokenId = "ao:token";

    public static bool HasAtLeast(this ClaimsPrincipal user, Role minimum) =>
        RoleNames.TryParse(user.FindFirstValue(Role), out var role) && role >= minimum;

    /// <summary>
    /// The GitLab username of a user signed in with GitLab, or null for an API token (whose name anyone issuing it
    /// chooses) and the sandbox's demo admin: only a GitLab session speaks for a GitLab user.
    /// </summary>
    public static string? GitLabUsername(this ClaimsPrincipal user) =>
        user.FindFirstValue(TokenId) is null && user.FindFirstValue(ClaimTypes.NameIdentifier)?.StartsWith("gitlab:", StringComparison.Ordinal) == true
            ? user.Identity?.Name
            : null;

    /// <summary>Who did it, for the journal: the signed-in user or the API token's name.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
