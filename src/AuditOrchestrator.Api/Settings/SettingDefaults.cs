using System.Globalization;
using AuditOrchestrator.Api.Jobs;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Alerts;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.Calendly;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.PagerDuty;
using AuditOrchestrator.Vendors.Slack;

namespace AuditOrchestrator.Api.Settings;

/// <summary>
/// What applies when a key is not set, in the words the settings page shows. Taken from the options classes that
/// apply them wherever there is one, so the page cannot drift from the code; a default that depends on other keys
/// (an audit's schedule, the collector) is worked out from the configuration as it is now.
/// </summary>
public static class SettingDefaults
{
    private static readonly ExecutorOptions Runtime = new();
    private static readonly JobsOptions Jobs = new();
    private static readonly GitLabOptions GitLab = new();
    private static readonly PagerDutyOptions PagerDuty = new();
    private static readonly AlertsOptions Alerts = new();
    private static readonly AuditRecordsOptions Collector = new();
    private static readonly WebhookOptions Webhooks = new();

    private static readonly Dictionary<string, Func<IConfiguration, string>> Defaults = new Dictionary<string, Func<IConfiguration, string>>(StringComparer.Ordinal)
    {
        ["Workflows__Directory"] = _ => "workflows/ beside or above the binary",
        ["Runtime__MaxConcurrency"] = _ => Number(Runtime.MaxConcurrency),
        ["Runtime__LeaseDuration"] = _ => Span(Runtime.LeaseDuration),
        ["Runtime__PollInterval"] = _ => Span(Runtime.PollInterval),
        ["Runtime__MaxStepsPerRun"] = _ => Number(Runtime.MaxStepsPerRun),
        ["Jobs__SchedulePollingInterval"] = _ => Span(Jobs.SchedulePollingInterval),
        ["Jobs__QueuePollInterval"] = _ => Span(Jobs.QueuePollInterval),
        ["Jobs__WorkerCount"] = _ => Number(Jobs.WorkerCount),
        ["Jobs__TimerSweepInterval"] = _ => Span(Jobs.TimerSweepInterval),
        ["PagerDuty__RequestsPerMinute"] = _ => Number(PagerDuty.RequestsPerMinute),
        ["PagerDuty__Concurrency"] = _ => Number(PagerDuty.Concurrency),
        ["GitLab__TokenKind"] = _ => "guessed from the token's shape",
        ["GitLab__NotesPerMinute"] = _ => Number(GitLab.NotesPerMinute),
        ["GitLab__RequestsPerMinute"] = _ => Number(GitLab.RequestsPerMinute),
        ["GitLab__BaseUrl"] = _ => GitLab.BaseUrl.ToString().TrimEnd('/'),
        ["GitLab__DoneEmoji"] = _ => GitLab.DoneEmoji,
        ["GitLab__ApprovalEmoji"] = _ => GitLab.ApprovalEmoji,
        ["GitLab__ReconcileInterval"] = _ => Span(GitLab.ReconcileInterval),
        ["GitLab__ServiceUsername"] = _ => "asked of GitLab (GET /user)",
        ["PagerDuty__BaseUrl"] = _ => PagerDuty.BaseUrl,
        ["PagerDuty__ScheduleIds"] = _ => "every schedule in the account",
        ["Calendly__BaseUrl"] = _ => new CalendlyOptions().BaseUrl,
        ["Slack__BaseUrl"] = _ => new SlackOptions().BaseUrl.ToString().TrimEnd('/'),
        ["Audits__RecheckWindow"] = _ => Span(new AuditOptions().RecheckWindow),
        ["Alerts__OverdueAfter"] = _ => Span(Alerts.OverdueAfter),
        ["Alerts__CheckInterval"] = _ => Span(Alerts.CheckInterval),
        ["Schedule__FiscalYearStartMonth"] = _ => "2 (February)",
        ["Schedule__Quarters"] = _ => "1, 3",
        ["Schedule__Day"] = _ => "1",
        ["Schedule__Time"] = _ => "09:00",
        ["Schedule__TimeZone"] = _ => "UTC",
        ["PagerDutyAuditLogs__Enabled"] = configuration => TokenSet(configuration, "PagerDuty:Token")
            ? "on (the PagerDuty token is set)"
            : "off (no PagerDuty token)",
        ["PagerDutyAuditLogs__PollInterval"] = _ => Span(Collector.PollInterval),
        ["PagerDutyAuditLogs__Backfill"] = _ => Span(Collector.Backfill),
        ["PagerDutyAuditLogs__StaleAfter"] = _ => Span(Collector.StaleAfter),
        ["PagerDutyAuditLogs__Overlap"] = _ => Span(Collector.Overlap),
        ["PagerDuty__AuditRecords__SourceName"] = _ => PagerDutyAuditRecordsSource.DefaultName,
        ["Webhooks__MaxBodyBytes"] = _ => $"{Number(Webhooks.MaxBodyBytes)} ({Webhooks.MaxBodyBytes / (1024 * 1024)} MB)",
        ["Webhooks__PollInterval"] = _ => Span(Webhooks.PollInterval),
        ["Webhooks__MaxAttempts"] = _ => Number(Webhooks.MaxAttempts),
        ["Webhooks__Workers"] = _ => Number(Webhooks.Workers),
        ["Sandbox__Enabled"] = _ => "on when no vendor token is set (not in Production)",
        ["Sandbox__StartRuns"] = _ => "true",
        ["Sandbox__AllowRemote"] = _ => "false",
        ["Auth__RoleCheckInterval"] = _ => Span(TimeSpan.FromMinutes(1)),
        ["Retention__Journal"] = _ => Span(TimeSpan.FromDays(730)),
        ["Retention__Inbox"] = _ => Span(TimeSpan.FromDays(30)),
        ["Retention__PendingSignals"] = _ => Span(TimeSpan.FromDays(7)),
        ["Clock__Speed"] = _ => "1 (real time)",
        ["Metrics__Prometheus__Enabled"] = _ => "false",
    };

    /// <summary>The default of <paramref name="key"/> as it would apply now, or null when the key has none.</summary>
    public static string? For(string key, IConfiguration configuration, AuditCatalog audits)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(audits);
        if (Defaults.TryGetValue(key, out var value))
        {
            return value(configuration);
        }
        return audits.All.Select(audit => AuditDefault(audit, key, configuration)).FirstOrDefault(d => d is not null);
    }

    /// <summary>The default of one of an audit's keys: its own settings declare theirs; the schedule's follow the token and Schedule__Quarters.</summary>
    private static string? AuditDefault(AuditDescriptor audit, string key, IConfiguration configuration)
    {
        if (audit.Settings.FirstOrDefault(s => s.Key == key) is { } own)
        {
            return own.Default();
        }
        var tokenKey = audit.TokenKey.Replace(":", "__", StringComparison.Ordinal);
        return key == audit.EnabledSetting ? TokenSet(configuration, audit.TokenKey) ? $"on ({tokenKey} is set)" : $"off (no {tokenKey}: manual runs only)"
            : key == audit.VariantSetting ? AuditDescriptor.SemiAnnual
            : key == audit.QuartersSetting ? $"{GlobalQuarters(configuration)} (as Schedule__Quarters)"
            : null;
    }

    private static string GlobalQuarters(IConfiguration configuration)
    {
        var section = configuration.GetSection("Schedule:Quarters");
        var items = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        return items.Count > 0 ? string.Join(", ", items) : section.Value ?? "1, 3";
    }

    private static bool TokenSet(IConfiguration configuration, string key) => !string.IsNullOrWhiteSpace(configuration[key]);

    private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Span(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
