using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AuditOrchestrator.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuditOrchestrator.Sandbox.GitLab.OAuth;

/// <summary>
/// GitLab as an OAuth 2 provider for "Sign in with GitLab": <c>/oauth/authorize</c> (a page where the person picks who
/// they are and approves the application), <c>/oauth/token</c> (authorization code with PKCE, client id and secret in
/// the form, as GitLab takes them) and <c>/oauth/userinfo</c> (OpenID claims: nickname, name, email, groups).
/// A real HTTP server on 127.0.0.1; its address is the <c>GitLab__BaseUrl</c> a host signs in against.
/// </summary>
public sealed class FakeGitLabOAuth(TimeProvider? time = null) : FakeVendorServer("GitLab OAuth", time)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    private readonly Lock gate = new();
    private readonly Dictionary<string, OAuthUser> users = new(StringComparer.OrdinalIgnoreCase);
    private long nextUserId = 1000;
    private readonly Dictionary<string, OAuthApplication> applications = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingCode> codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long UserId, DateTimeOffset ExpiresAt)> accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientId, long UserId)> refreshTokens = new(StringComparer.Ordinal);

    /// <summary>How long an access token lasts (GitLab: 2 hours); a test shortens it to make the service refresh.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How many refresh-token exchanges succeeded.</summary>
    public int Refreshes { get; private set; }

    public sealed record OAuthUser(long Id, string Username, string Name, string Email, IReadOnlyList<string> Groups);

    private sealed record OAuthApplication(string ClientId, string ClientSecret, string Name);

    private sealed record PendingCode(string ClientId, string RedirectUri, string Username, string? Challenge, string? ChallengeMethod, DateTimeOffset ExpiresAt);

    public OAuthUser AddUser(string username, string? name = null, string? email = null, params string[] groups)
    {
        lock (gate)
        {
            var user = new OAuthUser(nextUserId++, username, name ?? username, email ?? $"{username}@example.com", groups);
            users.Add(username, user);
            return user;
        }
    }

    /// <summary>The user takes another username (same id), as GitLab allows; the old name is free for someone else.</summary>
    public void Rename(string username, string newUsername) => Change(username, u => u with { Username = newUsername });

    /// <summary>The user's groups are now exactly these (added to or removed from groups in GitLab).</summary>
    public void SetGroups(string username, params string[] groups) => Change(username, u => u with { Groups = groups });

    /// <summary>The user is blocked: GitLab refuses their tokens, and refreshing them fails.</summary>
    public void Block(string username)
    {
        lock (gate)
        {
            users.Remove(username);
        }
    }

    private void Change(string username, Func<OAuthUser, OAuthUser> change)
    {
        lock (gate)
        {
            users.Remove(username, out var user);
            var changed = change(user ?? throw new InvalidOperationException($"No user {username}."));
            users.Add(changed.Username, changed);
        }
    }

    /// <summary>Registers an OAuth application and returns its client id and secret.</summary>
    public (string ClientId, string ClientSecret) AddApplication(string name)
    {
        var app = new OAuthApplication(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), "gloas-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), name);
        lock (gate)
        {
            applications.Add(app.ClientId, app);
        }
        return (app.ClientId, app.ClientSecret);
    }

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/oauth/authorize", AuthorizePage);
        app.MapPost("/oauth/authorize", ApproveAsync);
        app.MapPost("/oauth/token", TokenAsync);
        app.MapGet("/oauth/userinfo", UserInfo);
    }

    protected override bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Path.StartsWithSegments("/oauth/userinfo", StringComparison.Ordinal))
        {
            return true; // authorize and token check the client themselves, as OAuth does
        }
        lock (gate)
        {
            return UserOf(request) is not null;
        }
    }

    protected override async Task WriteRateLimitedAsync(HttpContext context, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsync("Retry later\n");
    }

    protected override Task WriteUnauthorizedAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"Doorkeeper\", error=\"invalid_token\"";
        return context.Response.WriteAsJsonAsync(new { error = "invalid_token", error_description = "The access token is invalid" });
    }

    private IResult AuthorizePage(HttpRequest request)
    {
        var query = request.Query;
        OAuthApplication? app;
        List<OAuthUser> people;
        lock (gate)
        {
            applications.TryGetValue(query["client_id"].ToString(), out app);
            people = [.. users.Values];
        }
        if (app is null || query["response_type"] != "code" || string.IsNullOrEmpty(query["redirect_uri"]))
        {
            return Results.Content("<h1>An error has occurred</h1><p>Client authentication failed due to unknown client or an invalid request.</p>", "text/html", statusCode: 400);
        }

        var hidden = new StringBuilder();
        foreach (var name in new[] { "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method" })
        {
            hidden.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(query[name].ToString())}\">");
        }
        var buttons = string.Concat(people.Select(p =>
            $"<button type=\"submit\" name=\"username\" value=\"{WebUtility.HtmlEncode(p.Username)}\">Authorize as {WebUtility.HtmlEncode(p.Username)}</button> "));
        var html = $"""
            <!doctype html><html><head><title>Authorize {WebUtility.HtmlEncode(app.Name)} · GitLab (simulated)</title></head>
            <body><h1>Authorize {WebUtility.HtmlEncode(app.Name)} to use your account?</h1>
            <p>Simulated GitLab: choose who you are.</p>
            <form method="post" action="/oauth/authorize">{hidden}{buttons}
            <button type="submit" name="username" value="">Deny</button></form></body></html>
            """;
        return Results.Content(html, "text/html");
    }

    private async Task<IResult> ApproveAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var redirect = form["redirect_uri"].ToString();
        var state = form["state"].ToString();
        var username = form["username"].ToString();
        string? code = null;
        lock (gate)
        {
            if (!applications.ContainsKey(form["client_id"].ToString()))
            {
                return Results.BadRequest();
            }
            if (users.ContainsKey(username))
            {
                code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                codes[code] = new PendingCode(form["client_id"].ToString(), redirect, username,
                    NullIfEmpty(form["code_challenge"].ToString()), NullIfEmpty(form["code_challenge_method"].ToString()), Time.GetUtcNow() + CodeLifetime);
            }
        }
        var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return code is null
            ? Results.Redirect($"{redirect}{separator}error=access_denied&error_description={Uri.EscapeDataString("The resource owner or authorization server denied the request.")}&state={Uri.EscapeDataString(state)}")
            : Results.Redirect($"{redirect}{separator}code={code}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        lock (gate)
        {
            if (!applications.TryGetValue(form["client_id"].ToString(), out var app)
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(app.ClientSecret), Encoding.UTF8.GetBytes(form["client_secret"].ToString())))
            {
                return Error(StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
            }
            if (form["grant_type"] == "refresh_token")
            {
                // Refresh tokens rotate: the one used is spent, as GitLab's are.
                if (!refreshTokens.Remove(form["refresh_token"].ToString(), out var grant) || grant.ClientId != app.ClientId || UserById(grant.UserId) is null)
                {
                    return Error(StatusCodes.Status400BadRequest, "invalid_grant",
                        "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
                }
                Refreshes++;
                return IssueTokens(app.ClientId, grant.UserId);
            }
            if (form["grant_type"] != "authorization_code")
            {
                return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
            }
            // A code is good for one exchange, whatever the outcome.
            if (!codes.Remove(form["code"].ToString(), out var pending)
                || pending.ClientId != app.ClientId
                || pending.RedirectUri != form["redirect_uri"]
                || pending.ExpiresAt < Time.GetUtcNow()
                || !PkceHolds(pending, form["code_verifier"].ToString()))
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_grant",
                    "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
            }
            return users.TryGetValue(pending.Username, out var user)
                ? IssueTokens(app.ClientId, user.Id)
                : Error(StatusCodes.Status400BadRequest, "invalid_grant", "The user is no longer active.");
        }
    }

    private IResult IssueTokens(string clientId, long userId)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var refresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        accessTokens[token] = (userId, Time.GetUtcNow() + AccessTokenLifetime);
        refreshTokens[refresh] = (clientId, userId);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)Math.Ceiling(AccessTokenLifetime.TotalSeconds),
            ["refresh_token"] = refresh,
            ["scope"] = "openid profile email",
            ["created_at"] = Time.GetUtcNow().ToUnixTimeSeconds(),
        });
    }

    private OAuthUser? UserById(long id) => users.Values.FirstOrDefault(u => u.Id == id);

    private IResult UserInfo(HttpRequest request)
    {
        lock (gate)
        {
            var user = UserOf(request)!;
            return Results.Json(new Dictionary<string, object>
            {
                ["sub"] = user.Id.ToString(CultureInfo.InvariantCulture),
                ["name"] = user.Name,
                ["nickname"] = user.Username,
                ["preferred_username"] = user.Username,
                ["email"] = user.Email,
                ["email_verified"] = true,
                ["groups"] = user.Groups,
            });
        }
    }

    private OAuthUser? UserOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return accessTokens.TryGetValue(header["Bearer ".Length..].Trim(), out var token) && token.ExpiresAt > Time.GetUtcNow()
            ? UserById(token.UserId)
            : null;
    }

    private static bool PkceHolds(PendingCode pending, string verifier)
    {
        if (pending.Challenge is null)
        {
            return true;
        }
        if (pending.ChallengeMethod is not "S256" || string.IsNullOrEmpty(verifier))
        {
            return false;
        }
        var computed = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return computed == pending.Challenge;
    }

    private static IResult Error(int status, string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: status);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
