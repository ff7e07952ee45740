using System.Diagnostics.CodeAnalysis;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.Zendesk;

namespace AuditOrchestrator.Audits.Checks;

public enum AuditKind
{
    PagerDuty,
    Calendly,
    Zendesk,
    ZendeskUsFederal,
}

/// <summary>The CLI and API names of the audits: pagerduty, calendly, zendesk, zendesk-us-federal.</summary>
public static class AuditKinds
{
    public static IReadOnlyList<AuditKind> All { get; } = Enum.GetValues<AuditKind>();

    public static string CliName(this AuditKind kind) => kind switch
    {
        AuditKind.PagerDuty => "pagerduty",
        AuditKind.Calendly => "calendly",
        AuditKind.Zendesk => "zendesk",
        AuditKind.ZendeskUsFederal => "zendesk-us-federal",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? name, [NotNullWhen(true)] out AuditKind? kind)
    {
        kind = All.Cast<AuditKind?>().FirstOrDefault(k => string.Equals(k!.Value.CliName(), name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return kind is not null;
    }

    public static AuditKind Parse(string name) =>
        TryParse(name, out var kind)
            ? kind.Value
            : throw new ArgumentException($"unknown audit '{name}' (expected one of: {string.Join(", ", All.Select(k => k.CliName()))})", nameof(name));

    public static ZendeskInstance? ZendeskInstanceOf(this AuditKind kind) => kind switch
    {
        AuditKind.Zendesk => ZendeskInstance.Main,
        AuditKind.ZendeskUsFederal => ZendeskInstance.UsFederal,
        _ => null,
    };

    /// <summary>The value of a finding's "instance" field: "main" or "us-federal".</summary>
    public static string InstanceName(this ZendeskInstance instance) =>
        instance == ZendeskInstance.Main ? "main" : "us-federal";
}
