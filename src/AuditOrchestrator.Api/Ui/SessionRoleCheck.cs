using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Ui;

/// <summary>
/// Re-checks a signed-in session's role against GitLab at most every <c>Auth__RoleCheckInterval</c> (one minute, and
/// never less often): the user is looked up by the GitLab user id taken at sign-in (userinfo with the session's own
/// OAuth token, refreshed when it expires), and the role mapping, as configured now, is applied to the username and
/// groups GitLab gives now. A user removed from the group, renamed away from a listed username, blocked, or who
/// revoked the application loses the session; a changed role takes effect. All on real time.
/// </summary>
public sealed class SessionRoleCheck(
    IConfiguration configuration,
    IHostEnvironment environment,
    IOptionsMonitor<OAuthOptions> oauth,
    SessionStore sessions,
    ILogger<SessionRoleCheck> logger)
{
    public const string CheckedItem = "ao:role-checked";
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromMinutes(1);
    // How long a session outlives GitLab being unreachable: a blip keeps people signed in, an outage does not keep a
    // removed admin in.
    private static readonly TimeSpan UnreachableGrace = TimeSpan.FromMinutes(5);
    private static readonly TimeProvider RealTime = TimeProvider.System;

    public TimeSpan Interval
    {
        get
        {
            var configured = configuration.GetValue("Auth:RoleCheckInterval", MaximumInterval);
            return configured <= TimeSpan.Zero || configured > MaximumInterval ? MaximumInterval : configured;
        }
    }

    public static IEnumerable<Claim> ClaimsOf(GitLabUserInfo user, Role? role)
    {
        ArgumentNullException.ThrowIfNull(user);
        yield return new Claim(ClaimTypes.Name, user.Username);
        yield return new Claim(ClaimTypes.NameIdentifier, user.Subject);
        yield return new Claim(UiAuthentication.DisplayNameClaim, user.DisplayName);
        if (role is { } r)
        {
            yield return new Claim(RoleClaims.Role, RoleNames.ToName(r));
        }
    }

    public static void MarkChecked(AuthenticationProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        properties.Items[CheckedItem] = RealTime.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
    }

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.Principal!;
        if (principal.HasClaim(UiAuthentication.DemoClaim, "true"))
        {
            if (!AdminUiEndpoints.DemoSignInAllowed(configuration, environment))
            {
                await RejectAsync(context, "the demo admin exists only in the sandbox and Development");
            }
            return;
        }
        var subject = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (subject?.StartsWith("gitlab:", StringComparison.Ordinal) != true)
        {
            await RejectAsync(context, "the session names no GitLab user");
            return;
        }
        var checkedAt = LastChecked(context.Properties);
        var now = RealTime.GetUtcNow();
        if (now - checkedAt < Interval)
        {
            return;
        }

        GitLabUserInfo? user;
        try
        {
            user = await CurrentUserAsync(context.Properties, context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidDataException && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            if (now - checkedAt > UnreachableGrace)
            {
                await RejectAsync(context, $"GitLab could not be asked for {UnreachableGrace.TotalMinutes:0} minutes ({e.Message})");
            }
            else
            {
                logger.LogWarning("The role of {User} could not be re-checked with GitLab ({Reason}); the session is kept for now.", principal.Identity?.Name, e.Message);
            }
            return;
        }

        if (user is null)
        {
            await RejectAsync(context, "GitLab no longer accepts the session's token (signed out of GitLab, application revoked or user blocked)");
            return;
        }
        if (user.Subject != subject)
        {
            await RejectAsync(context, "GitLab answered for another user id");
            return;
        }
        var role = RoleMapping.FromConfiguration(configuration).Resolve(user.Username, user.Groups);
        if (role is null)
        {
            await RejectAsync(context, $"{user.Username} (GitLab user {subject}) no longer has a role in Auth__Roles");
            return;
        }
        if (principal.FindFirstValue(RoleClaims.Role) != RoleNames.ToName(role.Value) || principal.Identity?.Name != user.Username)
        {
            logger.LogInformation("The session of GitLab user {Subject} is now {Username} with role {Role}.", subject, user.Username, RoleNames.ToName(role.Value));
        }
        context.ReplacePrincipal(new ClaimsPrincipal(new ClaimsIdentity(ClaimsOf(user, role), UiAuthentication.GitLabScheme)));
        MarkChecked(context.Properties);
        context.ShouldRenew = true;
        // The row is written now, not when the response starts, so a parallel request sees the refreshed tokens.
        if (context.Properties.Items.TryGetValue(SessionStore.SessionIdItem, out var id) && id is not null)
        {
            await sessions.RenewAsync(id, new AuthenticationTicket(context.Principal!, context.Properties, context.Scheme.Name), context.HttpContext.RequestAborted);
        }
    }

    /// <summary>The user behind the session's token, refreshing it when it has expired; null when GitLab refuses it.</summary>
    private async Task<GitLabUserInfo?> CurrentUserAsync(AuthenticationProperties properties, CancellationToken ct)
    {
        var options = oauth.Get(UiAuthentication.GitLabScheme);
        var access = properties.GetTokenValue("access_token");
        var fresh = DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
            && expiresAt > RealTime.GetUtcNow() + TimeSpan.FromSeconds(30);
        if (access is not null && fresh && await GitLabUserInfo.ReadAsync(options.Backchannel, options.UserInformationEndpoint, access, ct) is { } user)
        {
            return user;
        }
        if (!await RefreshAsync(options, properties, ct))
        {
            return null;
        }
        return await GitLabUserInfo.ReadAsync(options.Backchannel, options.UserInformationEndpoint, properties.GetTokenValue("access_token")!, ct);
    }

    private async Task<bool> RefreshAsync(OAuthOptions options, AuthenticationProperties properties, CancellationToken ct)
    {
        var refresh = properties.GetTokenValue("refresh_token");
        if (refresh is null)
        {
            return false;
        }
        if (await ExchangeAsync(options, refresh, properties, ct))
        {
            return true;
        }
        // GitLab rotates refresh tokens: another request (or node) may have refreshed this session a moment ago.
        if (properties.Items.TryGetValue(SessionStore.SessionIdItem, out var id) && id is not null
            && await sessions.RetrieveAsync(id, ct) is { } stored
            && stored.Properties.GetTokenValue("refresh_token") is { } newer && newer != refresh)
        {
            foreach (var name in new[] { "access_token", "refresh_token", "expires_at" })
            {
                properties.UpdateTokenValue(name, stored.Properties.GetTokenValue(name) ?? "");
            }
            return true;
        }
        return false;
    }

    private static async Task<bool> ExchangeAsync(OAuthOptions options, string refreshToken, AuthenticationProperties properties, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = options.ClientId,
                ["client_secret"] = options.ClientSecret,
            }),
        };
        using var response = await options.Backchannel.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
        {
            return false;
        }
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = body.RootElement;
        var tokens = new List<AuthenticationToken> { new() { Name = "access_token", Value = root.GetProperty("access_token").GetString()! } };
        if (root.TryGetProperty("refresh_token", out var next) && next.GetString() is { } rotated)
        {
            tokens.Add(new AuthenticationToken { Name = "refresh_token", Value = rotated });
        }
        else
        {
            tokens.Add(new AuthenticationToken { Name = "refresh_token", Value = refreshToken });
        }
        if (root.TryGetProperty("expires_in", out var seconds) && seconds.TryGetInt32(out var lifetime))
        {
            tokens.Add(new AuthenticationToken
            {
                Name = "expires_at",
                Value = (RealTime.GetUtcNow() + TimeSpan.FromSeconds(lifetime)).ToString("o", CultureInfo.InvariantCulture),
            });
        }
        properties.StoreTokens(tokens);
        return true;
    }

    private static DateTimeOffset LastChecked(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(CheckedItem, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : DateTimeOffset.MinValue;

    private async Task RejectAsync(CookieValidatePrincipalContext context, string reason)
    {
        logger.LogWarning("Session of {User} ended: {Reason}.", context.Principal?.Identity?.Name, reason);
        context.RejectPrincipal();
        // Revokes the session row (the cookie handler removes it from the store) and clears the cookie.
        await context.HttpContext.SignOutAsync(UiAuthentication.CookieScheme);
    }
}
