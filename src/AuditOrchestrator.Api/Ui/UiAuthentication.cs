using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Definitions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.HttpOverrides;

namespace AuditOrchestrator.Api.Ui;

/// <summary>
/// People sign in to the admin UI with GitLab (or, in the sandbox, as the demo admin) and get a cookie session that
/// carries the same role claim as an API token. The session itself is a row (<see cref="SessionStore"/>), revoked at
/// sign-out, and its role is re-checked with GitLab every minute (<see cref="SessionRoleCheck"/>); all of it on real
/// time, never on the service's sped-up clock. Every request picks its scheme: an Authorization header means the
/// API token, anything else the cookie. Challenges and forbids always go to the token scheme, so an API call without
/// credentials gets 401, never a redirect to a login page.
/// </summary>
public static class UiAuthentication
{
    public const string PolicyScheme = "TokenOrCookie";
    public const string CookieScheme = "Session";
    public const string GitLabScheme = "GitLab";
    public const string DemoClaim = "ao:demo";
    public const string DisplayNameClaim = "ao:display-name";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddAdminUi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication()
            .AddPolicyScheme(PolicyScheme, "API token or session cookie", o =>
            {
                o.TimeProvider = TimeProvider.System;
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.Count > 0 ? ApiTokenAuthenticationHandler.SchemeName : CookieScheme;
                o.ForwardChallenge = ApiTokenAuthenticationHandler.SchemeName;
                o.ForwardForbid = ApiTokenAuthenticationHandler.SchemeName;
            })
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "ao_session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Sessions live in real time, whatever Clock__Speed does to the service clock.
                o.TimeProvider = TimeProvider.System;
                o.ExpireTimeSpan = SessionLifetime;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<SessionRoleCheck>().ValidateAsync(context);
                o.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
            })
            .AddOAuth(GitLabScheme, "GitLab", _ => { });
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionRoleCheck>();
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<SessionStore>((o, store) => o.SessionStore = store);
        services.AddOptions<OAuthOptions>(GitLabScheme).Configure<IConfiguration>(GitLabSignIn.Configure);
        // AddApiTokenAuthentication names its own scheme the default; this runs after every Configure.
        services.PostConfigure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = PolicyScheme;
            o.DefaultAuthenticateScheme = PolicyScheme;
            o.DefaultChallengeScheme = PolicyScheme;
            o.DefaultForbidScheme = PolicyScheme;
        });

        services.AddSharedDataProtectionKeys();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryCheck.HeaderName;
            o.Cookie.Name = "ao_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in configuration.GetSection("ForwardedHeaders:KnownNetworks").GetChildren().Select(c => c.Value)
                         .Append(configuration["ForwardedHeaders:KnownNetworks"])
                         .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddTransient<IStartupFilter, ForwardedHeadersFirst>();
        services.AddSingleton<DesignerVersions>();
        return services;
    }

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>Scheme, host and client address from the reverse proxy before anything (OAuth's redirect URI) reads them.</summary>
    private sealed class ForwardedHeadersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseForwardedHeaders();
            next(app);
        };
    }
}
