using System.Security.Cryptography;
using AuditOrchestrator.Audits.SupportTeam;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// The simulated GitLab as the sandbox runs it: an audit project with the handbook's issue templates, a team-data
/// project holding the team's YAML, one GitLab user per team member (with the YAML's ids), and the service's bot
/// with a fresh token. <see cref="Configuration"/> gives the keys a host needs.
/// </summary>
public static class SimulatedGitLab
{
    public const string AuditProject = "support-ops/audits";
    public const string TeamDataProject = "support-ops/team-data";
    public const string TeamDataFolder = "data/team";
    public const string Bot = "audit-orchestrator-bot";

    /// <summary>Template names as the handbook's links use them (issuable_template=…).</summary>
    public static readonly IReadOnlyDictionary<string, string> IssueTemplates = new Dictionary<string, string>
    {
        ["Pagerduty"] = Template("PagerDuty"),
        ["Calendly"] = Template("Calendly"),
        ["Zendesk"] = Template("Zendesk"),
        ["US Federal Zendesk"] = Template("US Federal Zendesk"),
    };

    /// <summary>
    /// Starts and seeds the fake (ids from <paramref name="idBase"/> on, see <see cref="FakeGitLab"/>). Members whose
    /// title names Support Operations become maintainers of the audit project, everyone else a reporter; usernames in
    /// <paramref name="guests"/> become guests (they cannot see confidential issues), and those in
    /// <paramref name="nonMembers"/> are not members at all.
    /// </summary>
    public static async Task<SimulatedGitLabServer> StartAsync(
        SupportTeam team,
        IEnumerable<TeamFile> teamFiles,
        IEnumerable<string>? guests = null,
        IEnumerable<string>? nonMembers = null,
        TimeProvider? time = null,
        long idBase = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(teamFiles);
        var fake = new FakeGitLab(time, idBase);
        try
        {
            await fake.StartAsync(cancellationToken);
            Seed(fake, team, teamFiles, [.. guests ?? []], [.. nonMembers ?? []]);
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }

        var token = "glpat-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        fake.AddToken(token, Bot);
        return new SimulatedGitLabServer(fake, token, "whsec-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
    }

    private static void Seed(FakeGitLab fake, SupportTeam team, IEnumerable<TeamFile> teamFiles, HashSet<string> guests, HashSet<string> nonMembers)
    {
        fake.AddProject(AuditProject);
        fake.AddProject(TeamDataProject);
        fake.IssueProject = AuditProject;
        fake.AddUser(Bot, "Audit Orchestrator (bot)", "audit-bot@example.com");
        fake.AddMember(AuditProject, Bot, 40);
        fake.AddMember(TeamDataProject, Bot, 20);
        foreach (var (name, text) in IssueTemplates)
        {
            fake.PutIssueTemplate(AuditProject, name, text);
        }

        foreach (var member in team.Members.Where(m => !string.IsNullOrEmpty(m.GitLab?.Username)))
        {
            var username = member.GitLab!.Username!;
            fake.AddUser(username, member.Name, member.Email, member.GitLab.Id);
            if (nonMembers.Contains(username))
            {
                continue;
            }

            var level = guests.Contains(username) ? 10
                : member.Title?.Contains("Support Operations", StringComparison.OrdinalIgnoreCase) == true ? 40
                : 20;
            fake.AddMember(AuditProject, username, level);
        }

        foreach (var file in teamFiles)
        {
            fake.PutFile(TeamDataProject, $"{TeamDataFolder}/{Path.GetFileName(file.Path)}", file.Content);
        }
    }

    private static string Template(string tool) => $"""
        ## Summary

        The {tool} access audit for this period: every person with access is on the support team, with the right role.

        ## Notes

        _The audit report goes here._

        ## Review

        - [ ] Every finding addressed or explained
        - [ ] Reviewed by a Support Operations Manager
        """;
}

/// <summary>A running simulated GitLab with its bot token and webhook secret.</summary>
public sealed class SimulatedGitLabServer(FakeGitLab fake, string token, string webhookSecret) : IAsyncDisposable
{
    public FakeGitLab Fake { get; } = fake;

    public string Token { get; } = token;

    public string WebhookSecret { get; } = webhookSecret;

    /// <summary>Configuration keys (":" separated) for the host; the source reads the per-person folder.</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["GitLab:BaseUrl"] = Fake.BaseUrl,
        ["GitLab:Token"] = Token,
        ["GitLab:WebhookSecret"] = WebhookSecret,
        ["GitLab:AuditProject"] = SimulatedGitLab.AuditProject,
        ["SupportTeam:Source"] = $"gitlab:{SimulatedGitLab.TeamDataProject}:{SimulatedGitLab.TeamDataFolder}@main",
    };

    /// <summary>Sends webhooks to the host's receiver with this server's secret.</summary>
    public void SendWebhooksTo(Uri receiver) => Fake.Webhooks.Configure(receiver, WebhookSecret);

    public ValueTask DisposeAsync() => Fake.DisposeAsync();
}
