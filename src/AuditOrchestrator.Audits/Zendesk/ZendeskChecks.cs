using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.Zendesk;
using static AuditOrchestrator.Audits.Checks.FindingCodes;

namespace AuditOrchestrator.Audits.Zendesk;

/// <summary>The Zendesk checks of docs/checks.md for one instance, as a pure function of the team and a snapshot.</summary>
public static class ZendeskChecks
{
    /// <summary>The agent/admin that belongs to the member: the YAML id when its email is theirs, else the account with their email.</summary>
    public static ZendeskUser? AccountOf(TeamMember member, ZendeskInstance instance, ZendeskSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (member.Zendesk(instance)?.Id is { } id
            && snapshot.Users.FirstOrDefault(u => u.Id == id) is { } byId
            && (byId.Email is null || TeamText.SameEmail(byId.Email, member.Email)))
        {
            return byId;
        }

        return snapshot.Users.FirstOrDefault(u => TeamText.SameEmail(u.Email, member.Email));
    }

    public static IReadOnlyList<Finding> Run(SupportTeam.SupportTeam team, ZendeskInstance instance, ZendeskSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(snapshot);
        var where = instance.InstanceName();
        var findings = new List<Finding>();
        var owned = new HashSet<long>();
        foreach (var member in team.Members)
        {
            if (member.Zendesk(instance) is not { } section)
            {
                continue; // members with no section for this instance are not audited here
            }

            var account = AccountOf(member, instance, snapshot);
            if (account is not null)
            {
                owned.Add(account.Id);
            }

            findings.AddRange(MemberFindings(member, section, account, instance, snapshot));
        }

        foreach (var user in snapshot.Users.Where(u => !owned.Contains(u.Id)))
        {
            findings.Add(new Finding(ZendeskNotOnTeam, user.Email ?? user.Name, where,
                $"{user.Name} <{user.Email}> ({snapshot.RoleNameOf(user)}) is an agent in Zendesk {where} but not on the support team",
                null, user.Email ?? user.Name));
        }

        return findings;
    }

    private static IEnumerable<Finding> MemberFindings(TeamMember member, ZendeskEntry section, ZendeskUser? account,
        ZendeskInstance instance, ZendeskSnapshot snapshot)
    {
        var who = member.Handle;
        var where = instance.InstanceName();
        var field = $"zendesk.{where}";
        if (section.Id is not { } id)
        {
            yield return new Finding(ZendeskMissingId, who, where, $"{member.Name} has no {field}.id in the team data",
                account?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        }
        else if (snapshot.Users.FirstOrDefault(u => u.Id == id) is not { } byId)
        {
            yield return new Finding(ZendeskUnknownId, who, where, $"{field}.id {id} of {member.Name} is not an agent or admin in Zendesk {where}",
                account?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (byId.Email is not null && !TeamText.SameEmail(byId.Email, member.Email))
        {
            // Zendesk has no id_mismatch code: an id that is someone else's is not this member's id.
            yield return new Finding(ZendeskUnknownId, who, where, $"{field}.id {id} of {member.Name} belongs to {byId.Name} <{byId.Email}>",
                account?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (account is null)
        {
            yield break;
        }

        if (!TeamText.SameName(member.Name, account.Name))
        {
            yield return new Finding(ZendeskNameMismatch, who, where, $"the Zendesk {where} name of {member.Name} differs", member.Name, account.Name);
        }

        var role = snapshot.RoleNameOf(account);
        if (!TeamText.SameName(section.Role, role))
        {
            yield return new Finding(ZendeskRoleMismatch, who, where, $"the Zendesk {where} role of {member.Name} differs from the team data",
                section.Role, role);
        }

        var actualGroups = snapshot.GroupNamesOf(account);
        var expected = section.Groups.Select(TeamText.NameKey).ToHashSet(StringComparer.Ordinal);
        if (!expected.SetEquals(actualGroups.Select(TeamText.NameKey)))
        {
            yield return new Finding(ZendeskGroupMismatch, who, where, $"the Zendesk {where} groups of {member.Name} differ from the team data",
                string.Join(", ", section.Groups.Order(StringComparer.OrdinalIgnoreCase)), string.Join(", ", actualGroups));
        }

        if (account.Suspended)
        {
            yield return new Finding(ZendeskSuspended, who, where, $"the Zendesk {where} account of {member.Name} is suspended", "active", "suspended");
        }
    }
}
