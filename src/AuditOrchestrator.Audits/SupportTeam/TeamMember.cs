using AuditOrchestrator.Vendors.Zendesk;

namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>One person of the support team, as the YAML describes them.</summary>
public sealed record TeamMember
{
    public required string Name { get; init; }
    public required string Email { get; init; }
    public string? Title { get; init; }

    /// <summary>The manager's name as written; <see cref="SupportTeam.ManagerOf"/> gives the resolved entry.</summary>
    public string? ReportsTo { get; init; }

    public string? Region { get; init; }
    public string? Calendly { get; init; }
    public PagerDutyEntry? PagerDuty { get; init; }
    public ZendeskEntry? ZendeskMain { get; init; }
    public ZendeskEntry? ZendeskUsFederal { get; init; }
    public GitLabEntry? GitLab { get; init; }
    public SlackEntry? Slack { get; init; }

    /// <summary>Where the entry was read, "file:line", for messages.</summary>
    public required string Origin { get; init; }

    /// <summary>"file:line" of the fields the loader checks across people (reports_to, gitlab.username).</summary>
    internal IReadOnlyDictionary<string, string> FieldOrigins { get; init; } = new Dictionary<string, string>();

    internal string OriginOf(string field) => FieldOrigins.GetValueOrDefault(field, Origin);

    /// <summary>The name findings use for this person: the GitLab username, else the email.</summary>
    public string Handle => GitLab?.Username ?? Email;

    public ZendeskEntry? Zendesk(ZendeskInstance instance) =>
        instance == ZendeskInstance.Main ? ZendeskMain : ZendeskUsFederal;
}

public sealed record PagerDutyEntry(string? Id, IReadOnlyList<string> Rotations);

public sealed record ZendeskEntry(long? Id, IReadOnlyList<string> Groups, string? Role);

public sealed record GitLabEntry(long? Id, string? Username);

public sealed record SlackEntry(string? Id, string? Username);
