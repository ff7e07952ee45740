using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.PagerDuty;
using static AuditOrchestrator.Audits.Checks.FindingCodes;

namespace AuditOrchestrator.Audits.PagerDuty;

/// <summary>The PagerDuty checks of docs/checks.md, as a pure function of the team and a snapshot.</summary>
public static class PagerDutyChecks
{
    public static bool IsExempt(TeamMember member, PagerDutyAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(options);
        return member.Title is { } title
            && options.EffectiveExemptTitles.Any(t => string.Equals(t.Trim(), title.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The account that belongs to the member: the YAML id when its email is theirs, else the account with their email.</summary>
    public static PagerDutyUser? AccountOf(TeamMember member, PagerDutySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (member.PagerDuty()?.Id is { } id
            && snapshot.Users.FirstOrDefault(u => u.Id == id) is { } byId
            && (byId.Email is null || TeamText.SameEmail(byId.Email, member.Email)))
        {
            return byId;
        }

        return snapshot.Users.FirstOrDefault(u => TeamText.SameEmail(u.Email, member.Email));
    }

    public static IReadOnlyList<Finding> Run(SupportTeam.SupportTeam team, PagerDutySnapshot snapshot, PagerDutyAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(snapshot);
        var findings = new List<Finding>();
        var usersById = snapshot.Users.GroupBy(u => u.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var owned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in team.Members)
        {
            var account = AccountOf(member, snapshot);
            if (account is not null)
            {
                owned.Add(account.Id);
            }

            if (IsExempt(member, options))
            {
                continue;
            }

            findings.AddRange(MemberFindings(member, account, usersById, snapshot));
        }

        foreach (var userId in snapshot.Schedules.SelectMany(s => s.UserIds).Distinct(StringComparer.Ordinal))
        {
            if (owned.Contains(userId))
            {
                continue;
            }

            var user = usersById.GetValueOrDefault(userId);
            var schedules = string.Join(", ", snapshot.Schedules.Where(s => s.UserIds.Contains(userId)).Select(s => s.Name));
            findings.Add(new Finding(PagerDutyNotOnTeam, user?.Email ?? userId, null,
                $"{user?.Name ?? userId} is on {schedules} but is not on the support team", null, user?.Email ?? userId));
        }

        return findings;
    }

    private static IEnumerable<Finding> MemberFindings(TeamMember member, PagerDutyUser? account,
        Dictionary<string, PagerDutyUser> usersById, PagerDutySnapshot snapshot)
    {
        var who = member.Handle;
        var yamlId = member.PagerDuty()?.Id;
        if (string.IsNullOrWhiteSpace(yamlId))
        {
            yield return new Finding(PagerDutyMissingId, who, null, $"{member.Name} has no pagerduty.id in the team data",
                account?.Id, null);
        }
        else if (!usersById.TryGetValue(yamlId, out var byId))
        {
            yield return new Finding(PagerDutyUnknownId, who, null, $"pagerduty.id {yamlId} of {member.Name} is not a PagerDuty user",
                account?.Id, yamlId);
        }
        else if (byId.Email is not null && !TeamText.SameEmail(byId.Email, member.Email))
        {
            yield return new Finding(PagerDutyIdMismatch, who, null,
                $"pagerduty.id {yamlId} of {member.Name} belongs to {byId.Name} <{byId.Email}>", member.Email, byId.Email);
        }

        if (account is null)
        {
            yield return new Finding(PagerDutyNoAccount, who, null, $"{member.Name} has no PagerDuty account ({member.Email})",
                member.Email, null);
            yield break;
        }

        var rotations = member.PagerDuty()?.Rotations ?? [];
        if (rotations.Count > 0)
        {
            foreach (var scheduleId in rotations)
            {
                var schedule = snapshot.Schedules.FirstOrDefault(s => s.Id == scheduleId);
                if (schedule is null || !schedule.UserIds.Contains(account.Id))
                {
                    yield return new Finding(PagerDutyNotOnSchedule, who, null,
                        $"{member.Name} is not on schedule {schedule?.Name ?? scheduleId}", scheduleId, schedule is null ? "schedule not found" : null);
                }
            }
        }
        else if (!snapshot.Schedules.Any(s => s.UserIds.Contains(account.Id)))
        {
            yield return new Finding(PagerDutyNotOnSchedule, who, null, $"{member.Name} is on no layer of the audited schedules",
                "on a schedule", null);
        }
    }
}
