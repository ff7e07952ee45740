namespace AuditOrchestrator.Audits.Checks;

/// <summary>
/// One problem an audit found. <see cref="Person"/> is the member's GitLab username where known, else the vendor
/// email of a non-member, or null for an organisation-level finding. <see cref="Instance"/> is set on Zendesk findings only.
/// </summary>
public sealed record Finding(string Code, string? Person, string? Instance, string Message, string? Expected, string? Found);

/// <summary>The finding codes of docs/checks.md (stable: workflows and reports key on them).</summary>
public static class FindingCodes
{
    public const string PagerDutyMissingId = "pagerduty.missing_id";
    public const string PagerDutyUnknownId = "pagerduty.unknown_id";
    public const string PagerDutyIdMismatch = "pagerduty.id_mismatch";
    public const string PagerDutyNoAccount = "pagerduty.no_account";
    public const string PagerDutyNotOnSchedule = "pagerduty.not_on_schedule";
    public const string PagerDutyNotOnTeam = "pagerduty.not_on_team";

    public const string CalendlyMissingLink = "calendly.missing_link";
    public const string CalendlyLinkMismatch = "calendly.link_mismatch";
    public const string CalendlyNoAccount = "calendly.no_account";
    public const string CalendlyNotOnTeam = "calendly.not_on_team";
    public const string CalendlyOwnerCount = "calendly.owner_count";
    public const string CalendlyAdminNotAllowed = "calendly.admin_not_allowed";
    public const string CalendlyReadinessNotAdmin = "calendly.readiness_not_admin";

    public const string ZendeskMissingId = "zendesk.missing_id";
    public const string ZendeskUnknownId = "zendesk.unknown_id";
    public const string ZendeskNameMismatch = "zendesk.name_mismatch";
    public const string ZendeskRoleMismatch = "zendesk.role_mismatch";
    public const string ZendeskGroupMismatch = "zendesk.group_mismatch";
    public const string ZendeskNotOnTeam = "zendesk.not_on_team";
    public const string ZendeskSuspended = "zendesk.suspended";
}
