namespace AuditOrchestrator.Audits.Alerts;

/// <summary>Bound from <c>Alerts__*</c> (README, "Configuration").</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>How late (service clock) a step may be past its timer before the SOM is alerted.</summary>
    public TimeSpan OverdueAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Real time between two looks for new or recovered incidents.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Bound from <c>Notifications__*</c>: where run and source alerts go besides the DMs to the SOM.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>A Slack channel id the bot can post in.</summary>
    public string? SlackChannel { get; set; }

    /// <summary>An issue for alert notes: <c>group/project#12</c>, an issue URL, or <c>12</c> (in the audit project).</summary>
    public string? GitLabIssue { get; set; }
}
