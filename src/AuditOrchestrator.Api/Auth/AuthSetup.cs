using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace AuditOrchestrator.Api.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddApiTokenAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<ApiTokenIssuer>();
        services.AddAuthentication(ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, o => o.TimeProvider = TimeProvider.System);
        services.AddAuthorizationBuilder()
            // A route nobody gave a role or marked open needs a signed-in user with a role, never nothing.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireAssertion(c => c.User.HasAtLeast(Role.Viewer)).Build())
            .AddPolicy(PolicyName(Role.Viewer), p => p.RequireAssertion(c => c.User.HasAtLeast(Role.Viewer)))
            .AddPolicy(PolicyName(Role.Operator), p => p.RequireAssertion(c => c.User.HasAtLeast(Role.Operator)))
            .AddPolicy(PolicyName(Role.Admin), p => p.RequireAssertion(c => c.User.HasAtLeast(Role.Admin)));
        return services;
    }

    /// <summary>Requires at least <paramref name="role"/> and records it for the OpenAPI document.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, Role role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PolicyName(role)).WithMetadata(new RequiredRole(role));

    private static string PolicyName(Role role) => "role:" + RoleNames.ToName(role);
}

/// <summary>Endpoint metadata: the least role a route needs.</summary>
public sealed record RequiredRole(Role Role);
