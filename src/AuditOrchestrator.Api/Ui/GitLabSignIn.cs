using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace AuditOrchestrator.Api.Ui;

/// <summary>
/// "Sign in with GitLab": OAuth 2 authorization code with PKCE against <c>GitLab__BaseUrl</c>. GitLab's userinfo
/// endpoint (scope openid) gives the username and the full paths of the user's groups, which <see cref="RoleMapping"/>
/// turns into a role at sign-in and again
/// at every re-check of the session (<see cref="SessionRoleCheck"/>).
/// </summary>
public static class GitLabSignIn
{
    public const string CallbackPath = "/auth/callback/gitlab";
    // The handler refuses to start without a client id, and it is asked on every request; sign-in checks IsConfigured.
    private const string Unconfigured = "unconfigured";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["GitLab:OAuth:ClientId"]) && !string.IsNullOrWhiteSpace(configuration["GitLab:OAuth:ClientSecret"]);

    public static string BaseUrl(IConfiguration configuration) =>
        (string.IsNullOrWhiteSpace(configuration["GitLab:BaseUrl"]) ? "https://gitlab.com" : configuration["GitLab:BaseUrl"]!).TrimEnd('/');

    public static void Configure(OAuthOptions options, IConfiguration configuration)
    {
        var baseUrl = BaseUrl(configuration);
        options.ClientId = configuration["GitLab:OAuth:ClientId"] is { Length: > 0 } id ? id : Unconfigured;
        options.ClientSecret = configuration["GitLab:OAuth:ClientSecret"] is { Length: > 0 } secret ? secret : Unconfigured;
        options.AuthorizationEndpoint = baseUrl + "/oauth/authorize";
        options.TokenEndpoint = baseUrl + "/oauth/token";
        options.UserInformationEndpoint = baseUrl + "/oauth/userinfo";
        options.CallbackPath = CallbackPath;
        options.SignInScheme = UiAuthentication.CookieScheme;
        options.UsePkce = true;
        // Kept in the server-side session row (never in the cookie): the minute's role re-check reads userinfo with them.
        options.SaveTokens = true;
        options.TimeProvider = TimeProvider.System;
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("profile");
        options.Scope.Add("email");
        // The correlation cookie comes back on GitLab's top-level redirect, which Lax allows, also over plain http.
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Events.OnCreatingTicket = context => AddClaimsAsync(context, RoleMapping.FromConfiguration(configuration));
        options.Events.OnRemoteFailure = context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GitLabSignIn))
                .LogWarning("GitLab sign-in failed: {Reason}", context.Failure?.Message);
            context.Response.Redirect("/?error=" + Uri.EscapeDataString("GitLab sign-in failed. Try again, or ask an admin to check the OAuth application."));
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static async Task AddClaimsAsync(OAuthCreatingTicketContext context, RoleMapping roles)
    {
        var user = await GitLabUserInfo.ReadAsync(context.Backchannel, context.Options.UserInformationEndpoint, context.AccessToken!, context.HttpContext.RequestAborted)
            ?? throw new AuthenticationFailureException("GitLab's userinfo endpoint refused the new access token.");
        foreach (var claim in SessionRoleCheck.ClaimsOf(user, roles.Resolve(user.Username, user.Groups)))
        {
            context.Identity!.AddClaim(claim);
        }
        SessionRoleCheck.MarkChecked(context.Properties);
    }
}
