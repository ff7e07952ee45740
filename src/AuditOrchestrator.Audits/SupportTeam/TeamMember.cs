namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>
/// One person of the support team, as the YAML describes them: what every audit shares here, each tool's own account
/// field through <see cref="Account{TEntry}"/> (the tool's folder has the typed accessor, e.g. <c>member.PagerDuty()</c>).
/// </summary>
public sealed record TeamMember
{
    public required string Name { get; init; }
    public required string Email { get; init; }
    public string? Title { get; init; }

    /// <summary>The manager's name as written; <see cref="SupportTeam.ManagerOf"/> gives the resolved entry.</summary>
    public string? ReportsTo { get; init; }

    public string? Region { get; init; }
    public GitLabEntry? GitLab { get; init; }
    public SlackEntry? Slack { get; init; }

    /// <summary>Where the entry was read, "file:line", for messages.</summary>
    public required string Origin { get; init; }

    /// <summary>"file:line" of the fields the loader checks across people (reports_to, gitlab.username).</summary>
    internal IReadOnlyDictionary<string, string> FieldOrigins { get; init; } = new Dictionary<string, string>();

    internal string OriginOf(string field) => FieldOrigins.GetValueOrDefault(field, Origin);

    /// <summary>The name findings use for this person: the GitLab username, else the email.</summary>
    public string Handle => GitLab?.Username ?? Email;

    /// <summary>The person's entry of a field an audit declares, or null when they have none or the field is not read (no registered audit declares it).</summary>
    public TEntry? Account<TEntry>(TeamField<TEntry> field)
        where TEntry : class
    {
        ArgumentNullException.ThrowIfNull(field);
        return Accounts.GetValueOrDefault(field) as TEntry;
    }

    /// <summary>The declared fields read for this person, by field.</summary>
    internal IReadOnlyDictionary<TeamField, object> Accounts { get; init; } = new Dictionary<TeamField, object>();
}

public sealed record GitLabEntry(long? Id, string? Username);

public sealed record SlackEntry(string? Id, string? Username);
