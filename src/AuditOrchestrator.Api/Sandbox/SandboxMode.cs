namespace AuditOrchestrator.Api.Sandbox;

/// <summary>
/// Whether this service runs against simulated vendors: <c>Sandbox__Enabled</c>, by default on when no vendor token at
/// all is configured. A sandbox with a real token configured is refused, so a demo can never touch a real vendor.
/// </summary>
public static class SandboxMode
{
    public static readonly string[] VendorTokenKeys =
    [
        "GitLab:Token", "PagerDuty:Token", "Calendly:Token", "Zendesk:Main:Token", "Zendesk:UsFederal:Token", "Slack:Token",
    ];

    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configuredTokens = VendorTokenKeys.Where(k => !string.IsNullOrWhiteSpace(configuration[k])).ToList();
        var explicitSetting = configuration["Sandbox:Enabled"];
        var enabled = explicitSetting is null
            ? configuredTokens.Count == 0
            : bool.TryParse(explicitSetting, out var on) ? on : throw new InvalidOperationException($"Sandbox__Enabled '{explicitSetting}' is not true or false.");
        if (enabled && configuredTokens.Count > 0)
        {
            throw new InvalidOperationException(
                $"The sandbox is on, but vendor tokens are configured ({string.Join(", ", configuredTokens.Select(k => k.Replace(":", "__", StringComparison.Ordinal)))}): " +
                "the sandbox never runs with real tokens. Unset them, or set Sandbox__Enabled=false.");
        }
        return enabled;
    }

    /// <summary>After start-up: whether this service runs as the sandbox (set by <see cref="SandboxSetup"/>).</summary>
    public static bool IsActive(IConfiguration configuration) =>
        string.Equals(configuration["Sandbox:Enabled"], "true", StringComparison.OrdinalIgnoreCase);
}
