using System.Globalization;
using System.Text.RegularExpressions;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.Calendly;
using static AuditOrchestrator.Audits.Checks.FindingCodes;

namespace AuditOrchestrator.Audits.Calendly;

/// <summary>The Calendly checks of docs/checks.md, as a pure function of the team and the organisation's memberships.</summary>
public static class CalendlyChecks
{
    public static bool IsReadiness(TeamMember member, CalendlyAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(options);
        return member.Title is { } title
            && Regex.IsMatch(title, options.AdminTitlePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public static CalendlyMembership? MembershipOf(TeamMember member, CalendlySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Memberships.FirstOrDefault(m => TeamText.SameEmail(m.Email, member.Email));
    }

    public static IReadOnlyList<Finding> Run(SupportTeam.SupportTeam team, CalendlySnapshot snapshot, CalendlyAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(snapshot);
        var findings = new List<Finding>();
        var owned = new HashSet<CalendlyMembership>();
        foreach (var member in team.Members)
        {
            var who = member.Handle;
            var membership = MembershipOf(member, snapshot);
            if (membership is not null)
            {
                owned.Add(membership);
            }

            if (string.IsNullOrWhiteSpace(member.Calendly()))
            {
                findings.Add(new Finding(CalendlyMissingLink, who, null, $"{member.Name} has no calendly link in the team data",
                    membership?.SchedulingUrl, null));
            }

            if (membership is null)
            {
                findings.Add(new Finding(CalendlyNoAccount, who, null, $"{member.Name} has no Calendly account in the organisation ({member.Email})",
                    member.Email, null));
                continue;
            }

            if (!string.IsNullOrWhiteSpace(member.Calendly()) && !TeamText.SameUrl(member.Calendly(), membership.SchedulingUrl))
            {
                findings.Add(new Finding(CalendlyLinkMismatch, who, null, $"the calendly link of {member.Name} is not their scheduling URL",
                    membership.SchedulingUrl, member.Calendly()));
            }

            var readiness = IsReadiness(member, options);
            if (membership.Role == "admin" && !readiness)
            {
                findings.Add(new Finding(CalendlyAdminNotAllowed, who, null,
                    $"{member.Name} ({member.Title ?? "no title"}) is a Calendly admin but is not Support Readiness", "user", "admin"));
            }

            if (readiness && membership.Role is not ("admin" or "owner"))
            {
                findings.Add(new Finding(CalendlyReadinessNotAdmin, who, null,
                    $"{member.Name} ({member.Title}) is Support Readiness but not a Calendly admin", "admin", membership.Role));
            }
        }

        foreach (var membership in snapshot.Memberships.Where(m => !owned.Contains(m)))
        {
            findings.Add(new Finding(CalendlyNotOnTeam, membership.Email, null,
                $"{membership.Name} <{membership.Email}> ({membership.Role}) is in the Calendly organisation but not on the support team",
                null, membership.Email));
        }

        var owners = snapshot.Memberships.Count(m => m.Role == "owner");
        if (owners != 1)
        {
            findings.Add(new Finding(CalendlyOwnerCount, null, null,
                string.Create(CultureInfo.InvariantCulture, $"the Calendly organisation has {owners} owners; it must have exactly one"),
                "1", owners.ToString(CultureInfo.InvariantCulture)));
        }

        return findings;
    }
}
