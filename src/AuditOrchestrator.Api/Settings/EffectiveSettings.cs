using AuditOrchestrator.Audits.Registry;

namespace AuditOrchestrator.Api.Settings;

/// <summary>
/// One configuration key as the settings page shows it: its value ("(set)" for a secret, null when unset) and what
/// applies when it is unset (null when nothing does).
/// </summary>
public sealed record SettingView(string Key, string? Value, bool Secret, string? Default);

/// <summary>
/// The effective configuration, read-only, for every key of the README's configuration table. A secret's value never
/// leaves this class: it reads "(set)".
/// </summary>
public static class EffectiveSettings
{
    public const string SetMarker = "(set)";

    /// <summary>
    /// The README table's keys, in its order (environment-variable spelling). Each registered audit declares its own
    /// keys (<see cref="AuditDescriptor.SettingKeys"/>), so they follow the audits registered.
    /// </summary>
    public static IReadOnlyList<string> Keys(AuditCatalog audits)
    {
        ArgumentNullException.ThrowIfNull(audits);
        return [.. Before, .. audits.All.SelectMany(a => a.Settings.Select(s => s.Key)), .. Middle,
            .. audits.All.SelectMany(a => new[] { a.EnabledSetting, a.VariantSetting, a.QuartersSetting }), .. After];
    }

    private static readonly string[] Before =
    [
        "ConnectionStrings__Postgres", "Auth__BootstrapAdminToken", "Auth__DataProtectionKey", "Workflows__Directory",
        "Runtime__MaxConcurrency", "Runtime__LeaseDuration", "Runtime__PollInterval", "Runtime__MaxStepsPerRun",
        "Jobs__SchedulePollingInterval", "Jobs__QueuePollInterval", "Jobs__WorkerCount", "Jobs__TimerSweepInterval",
        "PagerDuty__RequestsPerMinute", "PagerDuty__Concurrency", "GitLab__TokenKind", "GitLab__NotesPerMinute",
        "GitLab__RequestsPerMinute",
        "GitLab__BaseUrl", "GitLab__Token", "GitLab__WebhookSecret", "GitLab__AuditProject", "GitLab__OAuth__ClientId", "GitLab__OAuth__ClientSecret",
        "GitLab__DoneEmoji", "GitLab__ApprovalEmoji", "GitLab__ReconcileInterval", "GitLab__ServiceUsername",
        "SupportTeam__Source", "SupportOps__Managers",
        "PagerDuty__BaseUrl", "PagerDuty__Token", "PagerDuty__ScheduleIds", "Calendly__BaseUrl", "Calendly__Token",
        "Zendesk__Main__BaseUrl", "Zendesk__Main__Email", "Zendesk__Main__Token",
        "Zendesk__UsFederal__BaseUrl", "Zendesk__UsFederal__Email", "Zendesk__UsFederal__Token",
        "Slack__BaseUrl", "Slack__Token",
    ];

    private static readonly string[] Middle = ["Audits__RecheckWindow"];

    private static readonly string[] After =
    [
        "Alerts__OverdueAfter",
        "Alerts__CheckInterval",
        "Schedule__FiscalYearStartMonth", "Schedule__Quarters", "Schedule__Day", "Schedule__Time", "Schedule__TimeZone",
        "PagerDutyAuditLogs__Enabled", "PagerDutyAuditLogs__PollInterval", "PagerDutyAuditLogs__Backfill", "PagerDutyAuditLogs__StaleAfter",
        "PagerDutyAuditLogs__Overlap", "PagerDuty__AuditRecords__SourceName", "Notifications__SlackChannel", "Notifications__GitLabIssue",
        "Webhooks__MaxBodyBytes", "Webhooks__PollInterval", "Webhooks__MaxAttempts", "Webhooks__Workers", "Sandbox__Enabled", "Sandbox__StartRuns", "Sandbox__AllowRemote",
        "Auth__Roles__Admins", "Auth__Roles__Operators", "Auth__Roles__Viewers", "Auth__RoleCheckInterval", "ForwardedHeaders__KnownNetworks",
        "Retention__Journal", "Retention__Inbox", "Retention__PendingSignals", "Clock__Speed", "Clock__Skew", "OTEL_EXPORTER_OTLP_ENDPOINT",
        "Metrics__Prometheus__Enabled",
    ];

    /// <summary>Tokens, secrets, passwords, and connection strings (which may carry a password).</summary>
    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var last = key.Split("__")[^1];
        return key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
            || last.Contains("Token", StringComparison.OrdinalIgnoreCase) && !last.Equals("TokenKind", StringComparison.OrdinalIgnoreCase)
            || last.Contains("Secret", StringComparison.OrdinalIgnoreCase)
            || last.Contains("Password", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("Key", StringComparison.Ordinal);
    }

    public static IReadOnlyList<SettingView> Read(IConfiguration configuration, AuditCatalog audits)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return [.. Keys(audits).Select(key => Read(configuration, audits, key))];
    }

    private static SettingView Read(IConfiguration configuration, AuditCatalog audits, string key)
    {
        var section = configuration.GetSection(key.Replace("__", ":", StringComparison.Ordinal));
        // A list (SupportOps__Managers__0, __1 …) reads as its items joined.
        var items = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        var value = items.Count > 0 && string.IsNullOrEmpty(section.Value) ? string.Join(", ", items) : section.Value;
        var secret = IsSecret(key);
        return new SettingView(key, secret && !string.IsNullOrEmpty(value) ? SetMarker : value, secret, SettingDefaults.For(key, configuration, audits));
    }
}
