using AuditOrchestrator.Api.Hosting;

namespace AuditOrchestrator.Api.Sandbox;

/// <summary>
/// Whether this service runs against simulated vendors: <c>Sandbox__Enabled</c>, by default on when no vendor token at
/// all is configured, except in Production, where a node without tokens refuses to start rather than turn into a demo
/// (a deployment whose token secret went missing must not serve a demo admin). A sandbox with a real token configured
/// is refused, so a demo can never touch a real vendor.
/// </summary>
public static class SandboxMode
{
    public static readonly string[] VendorTokenKeys =
    [
        "GitLab:Token", "PagerDuty:Token", "Calendly:Token", "Zendesk:Main:Token", "Zendesk:UsFederal:Token", "Slack:Token",
    ];

    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configuredTokens = VendorTokenKeys.Where(k => !string.IsNullOrWhiteSpace(configuration[k])).ToList();
        var explicitSetting = configuration["Sandbox:Enabled"];
        if (string.IsNullOrWhiteSpace(explicitSetting) && configuredTokens.Count == 0 && environment.IsProduction())
        {
            throw new StartupRefusedException(
                "No vendor token is configured and ASPNETCORE_ENVIRONMENT is Production: refusing to start as a sandbox. " +
                "Provide the vendor tokens (is the token secret mounted?), or set Sandbox__Enabled=true for a local demo.");
        }
        var enabled = string.IsNullOrWhiteSpace(explicitSetting)
            ? configuredTokens.Count == 0
            : bool.TryParse(explicitSetting, out var on) ? on : throw new StartupRefusedException($"Sandbox__Enabled '{explicitSetting}' is not true or false.");
        if (enabled && configuredTokens.Count > 0)
        {
            throw new StartupRefusedException(
                $"The sandbox is on, but vendor tokens are configured ({string.Join(", ", configuredTokens.Select(k => k.Replace(":", "__", StringComparison.Ordinal)))}): " +
                "the sandbox never runs with real tokens. Unset them, or set Sandbox__Enabled=false.");
        }
        return enabled;
    }

    /// <summary>After start-up: whether this service runs as the sandbox (set by <see cref="SandboxSetup"/>).</summary>
    public static bool IsActive(IConfiguration configuration) =>
        string.Equals(configuration["Sandbox:Enabled"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>Sandbox__AllowRemote=true</c>: the sandbox (and its demo admin) may listen beyond loopback. Unsafe.</summary>
    public static bool AllowsRemote(IConfiguration configuration) =>
        string.Equals(configuration["Sandbox:AllowRemote"], "true", StringComparison.OrdinalIgnoreCase);
}
