using System.Text;
using AuditOrchestrator.Audits.PagerDuty;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Audits.Zendesk;
using static AuditOrchestrator.Audits.Checks.FindingCodes;
using AuditOrchestrator.Audits.Text;
using AuditOrchestrator.Vendors.Calendly;
using AuditOrchestrator.Vendors.PagerDuty;
using AuditOrchestrator.Vendors.Zendesk;

namespace AuditOrchestrator.Audits.Checks;

/// <summary>
/// The markdown the handbook expects in the Notes: the support-team table with each person's status per
/// check, the accounts that are not on the team, and (Zendesk) light agents and admins.
/// </summary>
public static class AuditReport
{
    private const string Pass = "✅";

    public static string PagerDuty(SupportTeam.SupportTeam team, PagerDutySnapshot snapshot, IReadOnlyList<Finding> findings, PagerDutyAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(snapshot);
        var md = new StringBuilder();
        md.AppendLine("## PagerDuty audit").AppendLine();
        md.AppendLine(Summary(findings, $"{snapshot.Users.Count} PagerDuty users, {snapshot.Schedules.Count} schedules audited")).AppendLine();
        md.AppendLine("### Support team").AppendLine();
        MemberTable(team.Members, findings, ["pagerduty.id", "account", "schedule"],
            [[PagerDutyMissingId, PagerDutyUnknownId, PagerDutyIdMismatch], [PagerDutyNoAccount], [PagerDutyNotOnSchedule]],
            m => PagerDutyChecks.IsExempt(m, options) ? $"exempt ({m.Title})" : null).WriteTo(md);
        NotOnTeam(md, "In PagerDuty schedules but not on the team", findings, PagerDutyNotOnTeam);
        return md.ToString();
    }

    public static string Calendly(SupportTeam.SupportTeam team, CalendlySnapshot snapshot, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(snapshot);
        var md = new StringBuilder();
        md.AppendLine("## Calendly audit").AppendLine();
        md.AppendLine(Summary(findings, $"{snapshot.Memberships.Count} organisation memberships")).AppendLine();
        // Both table names are the handbook's (seed 002), so the issue reads as the old script's output did.
        md.AppendLine("### Support Team").AppendLine();
        MemberTable(team.Members, findings, ["link", "account", "role"],
            [[CalendlyMissingLink, CalendlyLinkMismatch], [CalendlyNoAccount], [CalendlyAdminNotAllowed, CalendlyReadinessNotAdmin]],
            _ => null).WriteTo(md);
        NotOnTeam(md, "Those in Calendly but not part of support team", findings, CalendlyNotOnTeam);
        md.AppendLine().AppendLine("Each of those needs a justification, or is removed.");
        md.AppendLine().AppendLine("### Owners and admins").AppendLine();
        var roles = new MarkdownTable("Name", "Email", "Role");
        foreach (var m in snapshot.Memberships.Where(m => m.Role is "owner" or "admin").OrderByDescending(m => m.Role == "owner").ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase))
        {
            roles.Row(m.Name, m.Email, m.Role);
        }

        roles.WriteTo(md);
        foreach (var f in findings.Where(f => f.Code == CalendlyOwnerCount))
        {
            md.AppendLine().AppendLine($"❌ {Inert.Text(f.Message)}");
        }

        return md.ToString();
    }

    public static string Zendesk(SupportTeam.SupportTeam team, ZendeskInstance instance, ZendeskSnapshot snapshot, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(snapshot);
        var where = instance.InstanceName();
        var md = new StringBuilder();
        md.AppendLine($"## Zendesk audit ({where})").AppendLine();
        md.AppendLine(Summary(findings, $"{snapshot.Users.Count} agents and admins")).AppendLine();
        md.AppendLine("### Support team").AppendLine();
        MemberTable(team.Members.Where(m => m.Zendesk(instance) is not null), findings, ["id", "name", "role", "groups", "active"],
            [[ZendeskMissingId, ZendeskUnknownId], [ZendeskNameMismatch], [ZendeskRoleMismatch], [ZendeskGroupMismatch], [ZendeskSuspended]],
            _ => null).WriteTo(md);
        NotOnTeam(md, $"In Zendesk {where} but not on the team (bots and integrations need a justification too)", findings, ZendeskNotOnTeam);

        // The API token table is not the report's: the token-review flow adds it to the Notes once the issue exists.
        md.AppendLine().AppendLine("### Light agents").AppendLine();
        UserTable(snapshot, snapshot.LightAgents()).WriteTo(md);
        md.AppendLine().AppendLine("### Admins").AppendLine();
        UserTable(snapshot, snapshot.Admins()).WriteTo(md);
        return md.ToString();
    }

    private static string Summary(IReadOnlyList<Finding> findings, string scope) =>
        findings.Count == 0 ? $"No findings ({scope})." : $"{findings.Count} finding(s) ({scope}).";

    private static MarkdownTable MemberTable(IEnumerable<TeamMember> members, IReadOnlyList<Finding> findings,
        string[] columns, string[][] codesPerColumn, Func<TeamMember, string?> skipped)
    {
        var table = new MarkdownTable(["Person", "Name", .. columns]);
        var byPerson = findings.Where(f => f.Person is not null).ToLookup(f => f.Person!, StringComparer.OrdinalIgnoreCase);
        foreach (var member in members.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase))
        {
            object person = member.GitLab?.Username is { } u ? new MarkdownCell(Inert.Mention(u)) : member.Email;
            if (skipped(member) is { } reason)
            {
                table.Row([person, member.Name, .. columns.Select(_ => reason)]);
                continue;
            }

            var mine = byPerson[member.Handle].ToList();
            table.Row([person, member.Name, .. codesPerColumn.Select(codes => Cell(mine.Where(f => codes.Contains(f.Code))))]);
        }

        return table;
    }

    private static MarkdownCell Cell(IEnumerable<Finding> findings)
    {
        var list = findings.ToList();
        return new(list.Count == 0
            ? Pass
            : "❌ " + string.Join("; ", list.Select(f => f.Found is null ? ShortCode(f.Code) : $"{ShortCode(f.Code)}: {Inert.Text(f.Found)}")));
    }

    private static string ShortCode(string code) => code[(code.IndexOf('.', StringComparison.Ordinal) + 1)..];

    private static void NotOnTeam(StringBuilder md, string title, IReadOnlyList<Finding> findings, string code)
    {
        md.AppendLine().AppendLine($"### {title}").AppendLine();
        var rows = findings.Where(f => f.Code == code).ToList();
        if (rows.Count == 0)
        {
            md.AppendLine("Nobody.");
            return;
        }

        var table = new MarkdownTable("Account", "Details", "Justification");
        foreach (var f in rows)
        {
            table.Row(f.Person, f.Message, "");
        }

        table.WriteTo(md);
    }

    private static MarkdownTable UserTable(ZendeskSnapshot snapshot, IEnumerable<ZendeskUser> users)
    {
        var table = new MarkdownTable("Name", "Email", "Role");
        foreach (var user in users.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase))
        {
            table.Row(user.Name, user.Email, snapshot.RoleNameOf(user));
        }

        return table;
    }
}
