using System.Globalization;
using System.Text;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Audits.Zendesk;
using AuditOrchestrator.Sandbox.Calendly;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.Zendesk;

namespace AuditOrchestrator.Sandbox.DemoTeam;

/// <summary>
/// Fills the simulated vendors from the demo team: every member gets the accounts the YAML describes, then a few
/// deliberate problems are planted so that each finding code appears at least once, next to near misses that must
/// not be reported. The problems, by finding code (YAML-side ones are in support-team.yaml):
/// <list type="bullet">
/// <item>pagerduty: missing_id dkim (YAML) · unknown_id fhaddad (YAML) · id_mismatch onilsson → gliu's id (YAML) ·
/// no_account kpatel · not_on_schedule nfischer, icosta (listed rotations) · not_on_team two outsiders on schedules.
/// Near misses: hadams's email differs only in case; abrooks (VP of Support) is exempt; a bot on no schedule.</item>
/// <item>calendly: missing_link jthompson (YAML) · link_mismatch lkarimi (YAML) · no_account nkowalska · not_on_team two
/// outsiders · owner_count two owners · admin_not_allowed lsilva · readiness_not_admin opark. Near miss: mjohnson's
/// link differs in case, trailing slash and query.</item>
/// <item>zendesk main: missing_id ofarouk (YAML) · unknown_id pgomez (YAML) · role_mismatch qblake · group_mismatch
/// rmartinez (YAML) · name_mismatch tsingh · suspended usiddiqui · not_on_team a bot and a former agent. Near misses:
/// sosei's groups in another order; malvarez and zmuller named in NFD / other case; an end-user.</item>
/// <item>zendesk us-federal: missing_id ofarouk (YAML) · unknown_id mwong (YAML) · role_mismatch usiddiqui ·
/// group_mismatch gnunez · name_mismatch bcohen · suspended apereira · not_on_team a bot, an admin, and jellis
/// (who has no us-federal section).</item>
/// <item>team data: the head of the team (abrooks) reports to Dana Whitfield, who is not on the support team, as in
/// any real organisation: loaded with one warning, abrooks has no manager in the data.</item>
/// </list>
/// </summary>
public static class DemoVendorState
{
    private const string Domain = "example.com";

    /// <summary>Each demo member's index (0–59), from the GitLab id the generator gave them (4000100 + index).</summary>
    private static int IndexOf(TeamMember member) => (int)((member.GitLab?.Id ?? 0) - 4000100);

    private static string PagerDutyId(TeamMember member) => $"PU{1000 + IndexOf(member):D5}";

    private static long ZendeskMainId(TeamMember member) => 360000100000 + IndexOf(member);

    private static long ZendeskFederalId(TeamMember member) => 370000200000 + IndexOf(member);

    public static void SeedPagerDuty(SupportTeam team, FakePagerDuty pagerDuty)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(pagerDuty);
        var layers = new Dictionary<string, List<string>>
        {
            ["PAMER01"] = [], ["PEMEA01"] = [], ["PAPAC01"] = [], ["PMGRS01"] = [],
        };
        foreach (var member in team.Members)
        {
            var user = Handle(member);
            if (user == "kpatel")
            {
                continue; // pagerduty.no_account
            }

            var id = PagerDutyId(member);
            pagerDuty.AddUser(id, member.Name, member.Email.ToLowerInvariant(), member.Title?.Contains("Manager", StringComparison.Ordinal) == true ? "manager" : "user");
            if (user == "nfischer")
            {
                continue; // pagerduty.not_on_schedule
            }

            var schedule = member.Title is "VP of Support" or "Director of Support" or "Support Engineering Manager"
                ? "PMGRS01"
                : member.Region switch { "EMEA" => "PEMEA01", "APAC" => "PAPAC01", _ => "PAMER01" };
            layers[schedule].Add(id);
        }

        pagerDuty.AddUser("PX90001", "Casey Contractor", "casey@contractor.example");
        pagerDuty.AddUser("PX90002", "Former Engineer", $"former.engineer@{Domain}");
        pagerDuty.AddUser("PX90003", "Status Page Bot", $"statuspage-bot@{Domain}");
        layers["PAMER01"].Add("PX90001");
        pagerDuty.AddSchedule("PAMER01", "Support AMER on-call", layers["PAMER01"]);
        pagerDuty.AddSchedule("PEMEA01", "Support EMEA on-call", layers["PEMEA01"], ["PX90002"]);
        pagerDuty.AddSchedule("PAPAC01", "Support APAC on-call", layers["PAPAC01"]);
        pagerDuty.AddSchedule("PMGRS01", "Support Managers escalation", layers["PMGRS01"]);
    }

    public static void SeedCalendly(SupportTeam team, FakeCalendly calendly)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(calendly);
        foreach (var member in team.Members)
        {
            var user = Handle(member);
            if (user == "nkowalska")
            {
                continue; // calendly.no_account
            }

            var role = user switch
            {
                "abrooks" or "jellis" => "owner", // calendly.owner_count: two owners
                "lsilva" => "admin", // calendly.admin_not_allowed
                "opark" => "user", // calendly.readiness_not_admin
                _ when member.Title?.Contains("Support Readiness", StringComparison.OrdinalIgnoreCase) == true => "admin",
                _ => "user",
            };
            calendly.AddMember(member.Name, member.Email.ToLowerInvariant(), $"https://calendly.com/{user}", role);
        }

        calendly.AddMember("Former Engineer", $"former.engineer@{Domain}", "https://calendly.com/former-engineer");
        calendly.AddMember("Recruiting Coordinator", $"recruiting@{Domain}", "https://calendly.com/recruiting");
    }

    public static void SeedZendeskMain(SupportTeam team, FakeZendesk zendesk)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(zendesk);
        zendesk.AddCustomRole("Light Agent", 1);
        zendesk.AddCustomRole("Support Engineer", 0);
        zendesk.AddCustomRole("Support Manager", 0);
        foreach (var member in team.Members.Where(m => m.Account(ZendeskTeamField.Main) is not null))
        {
            var user = Handle(member);
            var section = member.Account(ZendeskTeamField.Main)!;
            var name = user switch
            {
                "tsingh" => "Tara S.", // zendesk.name_mismatch
                "malvarez" => member.Name.Normalize(NormalizationForm.FormD), // near miss: same name in NFD
                "zmuller" => member.Name.ToLowerInvariant().Normalize(NormalizationForm.FormD), // near miss: case and NFD
                _ => member.Name,
            };
            var role = user == "qblake" ? "Support Engineer" : section.Role; // zendesk.role_mismatch
            var groups = user switch
            {
                "rmartinez" => section.Groups.Where(g => g != "Billing"), // zendesk.group_mismatch
                "sosei" => section.Groups.Reverse(), // near miss: same set, other order
                _ => section.Groups,
            };
            AddAgent(zendesk, ZendeskMainId(member), name, member.Email.ToLowerInvariant(), role, user == "usiddiqui", groups);
        }

        zendesk.AddUser(990001, "Zendesk Integration Bot", $"zendesk-bot@{Domain}", "agent", "Support Engineer", false);
        zendesk.AddUser(990002, "Former Agent", $"former.agent@{Domain}", "admin", null, false, "Support Ops");
        zendesk.AddUser(990003, "A Customer", "customer@customer.example", "end-user");
    }

    public static void SeedZendeskUsFederal(SupportTeam team, FakeZendesk zendesk)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(zendesk);
        zendesk.AddCustomRole("Federal Agent", 0);
        zendesk.AddCustomRole("Federal Light Agent", 1);
        foreach (var member in team.Members.Where(m => m.Account(ZendeskTeamField.UsFederal) is not null))
        {
            var user = Handle(member);
            var section = member.Account(ZendeskTeamField.UsFederal)!;
            var name = user == "bcohen" ? "Ben Cohen" : member.Name; // zendesk.name_mismatch
            var role = user == "usiddiqui" ? "Federal Light Agent" : section.Role; // zendesk.role_mismatch
            var groups = user == "gnunez" ? [.. section.Groups, "Federal Escalations"] : section.Groups; // zendesk.group_mismatch
            AddAgent(zendesk, ZendeskFederalId(member), name, member.Email.ToLowerInvariant(), role, user == "apereira", groups);
        }

        if (team.ByGitLabUsername("jellis") is { } director)
        {
            // Has an account here but no us-federal section: not audited there, so reported as not on the team.
            zendesk.AddUser(370000299001, director.Name, director.Email, "agent", "Federal Agent", false, "Federal Support");
        }

        zendesk.AddUser(370000299002, "Federal Sync Bot", $"fed-sync-bot@{Domain}", "agent", "Federal Agent", false);
        zendesk.AddUser(370000299003, "Federal Admin", $"federal.admin@{Domain}", "admin", null, false);
    }

    private static void AddAgent(FakeZendesk zendesk, long id, string name, string email, string? role, bool suspended, IEnumerable<string> groups)
    {
        var isAdmin = string.Equals(role, "admin", StringComparison.OrdinalIgnoreCase);
        zendesk.AddUser(id, name, email, isAdmin ? "admin" : "agent", isAdmin || role is null ? null : role, suspended, [.. groups]);
    }

    private static string Handle(TeamMember member) =>
        member.GitLab?.Username ?? member.Email.Split('@')[0].ToLower(CultureInfo.InvariantCulture);
}
