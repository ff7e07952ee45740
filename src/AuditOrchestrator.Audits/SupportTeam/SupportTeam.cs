namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>The loaded support team: the usable members, lookups, resolved managers, and what the load reported.</summary>
public sealed class SupportTeam
{
    private readonly Dictionary<string, TeamMember> byUsername;
    private readonly Dictionary<string, TeamMember> byEmail;
    private readonly Dictionary<TeamMember, TeamManagers.Manager> managers;

    internal SupportTeam(IReadOnlyList<TeamMember> members, Dictionary<TeamMember, TeamManagers.Manager> managers,
        IReadOnlyList<string> errors, IReadOnlyList<string> warnings)
    {
        Members = members;
        this.managers = managers;
        Errors = errors;
        Warnings = warnings;
        byUsername = members.Where(m => m.GitLab?.Username is not null)
            .ToDictionary(m => m.GitLab!.Username!, StringComparer.OrdinalIgnoreCase);
        byEmail = new Dictionary<string, TeamMember>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            byEmail.TryAdd(member.Email.Trim(), member);
        }
    }

    public IReadOnlyList<TeamMember> Members { get; }

    /// <summary>Which data this is: the source, its commit where there is one, and the files' hashes.</summary>
    public TeamDataVersion? Version { get; init; }

    /// <summary>Entries or files left out because they cannot be used; each names file, line and field.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Odd values that were loaded anyway (e.g. a <c>reports_to</c> naming nobody); each names file, line and value.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public TeamMember? ByGitLabUsername(string username) =>
        byUsername.GetValueOrDefault(username.TrimStart('@'));

    public TeamMember? ByEmail(string? email) =>
        email is null ? null : byEmail.GetValueOrDefault(email.Trim());

    /// <summary>The member's manager (from <c>reports_to</c>), or null for the top of the tree or a name nobody has.</summary>
    public TeamMember? ManagerOf(TeamMember member) => managers.GetValueOrDefault(member)?.Member;

    /// <summary>Why the member has no manager in the data, or null when they have one.</summary>
    public string? NoManagerBecause(TeamMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return managers.GetValueOrDefault(member) switch
        {
            { Member: not null } => null,
            { Missing: { } reason } => reason,
            _ => "the team data names no manager for them (no reports_to)",
        };
    }
}
