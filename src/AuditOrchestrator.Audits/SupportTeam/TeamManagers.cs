namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>Who reports to whom: <c>reports_to</c> names a person of the team data, compared as names are (§3b).</summary>
internal static class TeamManagers
{
    /// <summary>
    /// Each member's manager where <c>reports_to</c> names exactly one other person. Anything else (the head of the
    /// team reporting to someone outside it, a person naming themselves, a name two people share) leaves the member
    /// without a manager in the data, with one warning naming the file, line and value, and the reason kept for the
    /// member's manager step.
    /// </summary>
    public static Dictionary<TeamMember, Manager> Resolve(List<TeamMember> members, List<string> warnings)
    {
        var byName = members.ToLookup(m => TeamText.NameKey(m.Name), StringComparer.Ordinal);
        var managers = new Dictionary<TeamMember, Manager>();
        foreach (var member in members.Where(m => !string.IsNullOrWhiteSpace(m.ReportsTo)))
        {
            var candidates = byName[TeamText.NameKey(member.ReportsTo)].ToList();
            if (candidates.Count == 1 && candidates[0] != member)
            {
                managers[member] = new Manager(candidates[0], null);
                continue;
            }

            var problem = candidates.Count switch
            {
                0 => "names nobody in the team data",
                1 => "is the person themselves",
                _ => $"names {candidates.Count} people of the team data",
            };
            var origin = member.OriginOf("reports_to");
            warnings.Add($"{origin}: field 'reports_to': '{member.ReportsTo}' {problem}; {member.Name} has no manager in the data, so their manager step is skipped");
            managers[member] = new Manager(null, $"their reports_to '{member.ReportsTo}' {problem} ({origin})");
        }

        return managers;
    }

    /// <summary>A member's manager, or why there is none in the data.</summary>
    internal sealed record Manager(TeamMember? Member, string? Missing);
}
