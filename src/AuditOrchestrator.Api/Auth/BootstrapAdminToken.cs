using AuditOrchestrator.Api.Hosting;

namespace AuditOrchestrator.Api.Auth;

/// <summary>
/// <c>Auth__BootstrapAdminToken</c> is an admin key that never expires and is not in the token table: it must be long
/// enough not to be guessed, and every start says it is still set, so it does not stay by oversight.
/// </summary>
public static class BootstrapAdminToken
{
    public const string Setting = "Auth:BootstrapAdminToken";
    public const int MinimumLength = 32;

    public static void EnsureLongEnough(IConfiguration configuration)
    {
        var token = configuration[Setting];
        if (!string.IsNullOrEmpty(token) && token.Length < MinimumLength)
        {
            throw new StartupRefusedException(
                $"Auth__BootstrapAdminToken is shorter than {MinimumLength} characters; use a random one (openssl rand -base64 32) or unset it.");
        }
    }

    public static void WarnWhileSet(IConfiguration configuration, ILogger logger)
    {
        if (!string.IsNullOrEmpty(configuration[Setting]))
        {
            logger.LogWarning("Auth__BootstrapAdminToken is set: it is an admin API token that never expires. Create named tokens (tokens create) and unset it.");
        }
    }
}
