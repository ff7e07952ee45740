using System.Security.Claims;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Api.Sandbox;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace AuditOrchestrator.Api.Ui;

/// <summary>The admin UI: sign-in routes under /auth, the designer's write API, the built app and its SPA fallback.</summary>
public static class AdminUiEndpoints
{
    public sealed record SessionView(
        bool Authenticated, string? Name, string? DisplayName, string? Role, bool Demo, string? Via, string AntiforgeryToken, bool GitLabSignIn, bool DemoSignIn, bool TestRuns, string? TestRunRefusal);

    private const string ContentSecurityPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void MapAdminUi(this WebApplication app, RouteGroupBuilder api)
    {
        app.UseAntiforgeryForSessions();
        api.MapDesigner();
        api.MapTestRuns();

        // Signing in and reading who you are (or that you are nobody) must work without a session.
        var auth = app.MapGroup("/auth").AllowAnonymous().WithTags("Session");
        auth.MapGet("/me", Me);
        auth.MapGet("/login/gitlab", (IConfiguration configuration) => GitLabSignIn.IsConfigured(configuration)
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [UiAuthentication.GitLabScheme])
            : Results.Redirect("/?error=" + Uri.EscapeDataString("Sign in with GitLab is not configured (GitLab__OAuth__ClientId, GitLab__OAuth__ClientSecret).")))
            .ExcludeFromDescription();
        auth.MapPost("/demo", async (HttpContext context, IConfiguration configuration, IHostEnvironment environment) =>
        {
            if (!DemoSignInAllowed(configuration, environment))
            {
                return Results.NotFound();
            }
            if (!FromThisMachine(context))
            {
                return Results.Problem("The demo admin is given only to a browser on the service's own machine (loopback).", statusCode: StatusCodes.Status403Forbidden);
            }
            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.Name, "demo-admin"),
                    new Claim(ClaimTypes.NameIdentifier, "demo-admin"),
                    new Claim(UiAuthentication.DisplayNameClaim, "Demo admin (sandbox)"),
                    new Claim(RoleClaims.Role, RoleNames.ToName(Role.Admin)),
                    new Claim(UiAuthentication.DemoClaim, "true"),
                ],
                UiAuthentication.CookieScheme);
            await context.SignInAsync(UiAuthentication.CookieScheme, new ClaimsPrincipal(identity));
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent);
        auth.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(UiAuthentication.CookieScheme);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent);

        var files = WebRoot(app.Environment);
        app.MapFallback("{*path:nonfile}", async (HttpContext context) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/auth") || path.StartsWithSegments("/webhooks") || path.StartsWithSegments("/openapi")
                || path.StartsWithSegments("/metrics"))
            {
                return Results.NotFound();
            }
            var index = files.GetFileInfo("index.html");
            if (!index.Exists)
            {
                return Results.Problem("The admin UI is not built: build the Api project with Node.js and npm installed.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await using var stream = index.CreateReadStream();
            using var reader = new StreamReader(stream);
            return Results.Content(await reader.ReadToEndAsync(context.RequestAborted), "text/html; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The built app's files: public by nature (the sign-in page needs them), served before authentication.</summary>
    public static void UseAdminUiFiles(this WebApplication app)
    {
        var files = WebRoot(app.Environment);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // Vite puts a content hash in every asset's name: they never change under the same URL.
                if (context.Context.Request.Path.StartsWithSegments("/assets"))
                {
                    context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                }
            },
        });
    }

    /// <summary>
    /// The client is on this machine: its address (after a believed proxy's X-Forwarded-For) is loopback. A reverse proxy
    /// on the same machine forwards the real client's address, so it does not make a remote browser local.
    /// </summary>
    public static bool FromThisMachine(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>The demo admin exists only where nothing real can be reached: the sandbox, or Development.</summary>
    public static bool DemoSignInAllowed(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment() || SandboxMode.IsActive(configuration);

    private static SessionView Me(HttpContext context, IAntiforgery antiforgery, IConfiguration configuration, IHostEnvironment environment)
    {
        var user = context.User;
        var authenticated = user.Identity?.IsAuthenticated == true;
        var tokens = antiforgery.GetAndStoreTokens(context);
        var testRuns = TestRunApi.Allowed(configuration, environment);
        return new SessionView(
            authenticated,
            authenticated ? user.Identity!.Name : null,
            authenticated ? user.FindFirstValue(UiAuthentication.DisplayNameClaim) ?? user.Identity!.Name : null,
            authenticated ? user.FindFirstValue(RoleClaims.Role) : null,
            user.HasClaim(UiAuthentication.DemoClaim, "true"),
            !authenticated ? null : context.Request.Headers.Authorization.Count > 0 ? "token" : "cookie",
            tokens.RequestToken ?? "",
            GitLabSignIn.IsConfigured(configuration),
            DemoSignInAllowed(configuration, environment) && FromThisMachine(context),
            testRuns,
            testRuns ? null : TestRunApi.RefusedReason);
    }

    // The content root's wwwroot when run from the source tree, else the copy beside the dll (scripts/run.sh).
    private static IFileProvider WebRoot(IWebHostEnvironment environment)
    {
        var candidates = new[] { environment.WebRootPath, Path.Combine(environment.ContentRootPath, "wwwroot"), Path.Combine(AppContext.BaseDirectory, "wwwroot") };
        var root = candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(Path.Combine(c, "index.html")));
        return root is null ? new NullFileProvider() : new PhysicalFileProvider(root);
    }
}
