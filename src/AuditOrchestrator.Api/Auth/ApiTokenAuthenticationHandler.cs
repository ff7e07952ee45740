using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Auth;

/// <summary>Accepts `Authorization: Bearer &lt;token&gt;` with a stored API token or the bootstrap admin token.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenIssuer issuer,
    IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length == 0)
        {
            return AuthenticateResult.Fail("Empty bearer token.");
        }

        if (IsBootstrapToken(secret))
        {
            return Success("bootstrap-admin", Role.Admin, "bootstrap");
        }

        var token = await issuer.FindActiveAsync(secret, Context.RequestAborted);
        return token is null
            ? AuthenticateResult.Fail("Unknown or revoked API token.")
            : Success($"token:{token.Name}", token.Role, token.Id.ToString());
    }

    private bool IsBootstrapToken(string secret)
    {
        var bootstrap = configuration[BootstrapAdminToken.Setting];
        return !string.IsNullOrEmpty(bootstrap)
            && CryptographicOperations.FixedTimeEquals(ApiTokenIssuer.Hash(secret), ApiTokenIssuer.Hash(bootstrap));
    }

    private AuthenticateResult Success(string name, Role role, string tokenId)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(RoleClaims.Role, RoleNames.ToName(role)), new Claim(RoleClaims.TokenId, tokenId)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
