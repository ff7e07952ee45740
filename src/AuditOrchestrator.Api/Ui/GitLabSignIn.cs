using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace AuditOrchestrator.Api.Ui;

/// <summary>
/// "Sign in with GitLab": OAuth 2 authorization code with PKCE against <c>GitLab__BaseUrl</c>. GitLab's userinfo
/// endpoint (scope openid) gives the username and the full paths of the user's groups, which <see cref="RoleMapping"/>
/// turns into a role once, at sign-in.
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
        options.SaveTokens = false;
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
        using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            throw new AuthenticationFailureException($"GitLab's userinfo endpoint answered {(int)response.StatusCode}.");
        }
        using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
        var root = user.RootElement;
        var username = Text(root, "nickname") ?? Text(root, "preferred_username")
            ?? throw new AuthenticationFailureException("GitLab's userinfo has no username (nickname).");
        var groups = root.TryGetProperty("groups", out var g) && g.ValueKind == JsonValueKind.Array
            ? [.. g.EnumerateArray().Select(e => e.GetString()).OfType<string>()]
            : Array.Empty<string>();

        var identity = context.Identity!;
        identity.AddClaim(new Claim(ClaimTypes.Name, username));
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, "gitlab:" + (Text(root, "sub") ?? username)));
        identity.AddClaim(new Claim(UiAuthentication.DisplayNameClaim, Text(root, "name") ?? username));
        if (roles.Resolve(username, groups) is { } role)
        {
            identity.AddClaim(new Claim(RoleClaims.Role, RoleNames.ToName(role)));
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
