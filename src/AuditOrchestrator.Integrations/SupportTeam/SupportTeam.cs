namespace AuditOrchestrator.Integrations.SupportTeam;

/// <summary>The loaded, validated support team: members, lookups and resolved managers.</summary>
public sealed class SupportTeam
{
    private readonly Dictionary<string, TeamMember> byUsername;
    private readonly Dictionary<string, TeamMember> byEmail;
    private readonly Dictionary<TeamMember, TeamMember> managers;

    internal SupportTeam(IReadOnlyList<TeamMember> members, Dictionary<TeamMember, TeamMember> managers)
    {
        Members = members;
        this.managers = managers;
        byUsername = members.Where(m => m.GitLab?.Username is not null)
            .ToDictionary(m => m.GitLab!.Username!, StringComparer.OrdinalIgnoreCase);
        byEmail = new Dictionary<string, TeamMember>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            byEmail.TryAdd(member.Email.Trim(), member);
        }
    }

    public IReadOnlyList<TeamMember> Members { get; }

    public TeamMember? ByGitLabUsername(string username) =>
        byUsername.GetValueOrDefault(username.TrimStart('@'));

    public TeamMember? ByEmail(string? email) =>
        email is null ? null : byEmail.GetValueOrDefault(email.Trim());

    /// <summary>The member's manager (from <c>reports_to</c>), or null for the top of the tree.</summary>
    public TeamMember? ManagerOf(TeamMember member) => managers.GetValueOrDefault(member);
}
