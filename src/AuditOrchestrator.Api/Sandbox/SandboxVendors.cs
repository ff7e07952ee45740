using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.PagerDuty;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Sandbox.DemoTeam;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.Slack;

namespace AuditOrchestrator.Api.Sandbox;

/// <summary>The simulated GitLab, PagerDuty, Calendly, Zendesk and Slack of the sandbox, seeded from the demo team.</summary>
public sealed class SandboxVendors : IAsyncDisposable
{
    /// <summary>72 hours in about a minute.</summary>
    public const double DefaultSpeed = 4320;

    private SandboxVendors(SimulatedVendors vendors, SimulatedGitLabServer gitLab, FakeSlack slack, SupportTeam team)
    {
        Vendors = vendors;
        GitLab = gitLab;
        Slack = slack;
        Team = team;
    }

    public SimulatedVendors Vendors { get; }
    public SimulatedGitLabServer GitLab { get; }
    public FakeSlack Slack { get; }
    public SupportTeam Team { get; }

    /// <summary>The demo team's Support Operations Managers: the sandbox's SOMs.</summary>
    public IReadOnlyList<string> Managers => [.. Team.Members
        .Where(m => m.Title?.Contains("Support Operations Manager", StringComparison.OrdinalIgnoreCase) == true && m.GitLab?.Username is not null)
        .Select(m => m.GitLab!.Username!)];

    public static async Task<SandboxVendors> StartAsync(CancellationToken ct)
    {
        var team = await DemoTeamFiles.LoadAsync(ct);
        var vendors = await SimulatedVendors.StartAsync(cancellationToken: ct);
        var files = await new LocalTeamFiles(DemoTeamFiles.FolderPath).ReadAllAsync(ct);
        // A thousand ids per second since the epoch: this sandbox's GitLab ids lie past any an earlier one handed out to
        // the database it keeps, so a run of this sandbox never meets an answer the service took from an earlier one.
        var idBase = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() * 1000;
        var gitLab = await SimulatedGitLab.StartAsync(team, files, idBase: idBase, cancellationToken: ct);
        var slack = await SimulatedSlack.StartAsync(team, cancellationToken: ct);
        return new SandboxVendors(vendors, gitLab, slack, team);
    }

    /// <summary>The service configuration that points every client at the simulated vendors.</summary>
    public Dictionary<string, string?> Configuration(IConfiguration user)
    {
        var settings = new Dictionary<string, string?>(Vendors.Configuration);
        foreach (var (key, value) in GitLab.Configuration)
        {
            settings[key] = value;
        }
        foreach (var (key, value) in SimulatedSlack.Configuration(Slack))
        {
            settings[key] = value;
        }
        settings["SupportTeam:Source"] = DemoTeamFiles.FolderPath;
        settings["GitLab:NotesPerMinute"] = "6000";
        for (var i = 0; i < Managers.Count && user["SupportOps:Managers:0"] is null; i++)
        {
            settings[$"SupportOps:Managers:{i}"] = Managers[i];
        }
        settings["Clock:Speed"] = user["Clock:Speed"] ?? DefaultSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var audit in AuditIntegrations.Shipped.All)
        {
            // The sandbox starts its runs itself at start; the calendar stays quiet unless asked.
            var enabled = $"{audit.Section}:Enabled";
            settings[enabled] = user[enabled] ?? "false";
        }
        var variant = PagerDutyAudit.Declared.VariantKey;
        settings[variant] = user[variant] ?? AuditDescriptor.Quarterly;
        // A change every 4 simulated hours, a pass every 5 real seconds (6 simulated hours): fresh well within the 1-day staleness.
        settings["PagerDutyAuditLogs:PollInterval"] = user["PagerDutyAuditLogs:PollInterval"] ?? "00:00:05";
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await Slack.DisposeAsync();
        await GitLab.DisposeAsync();
        await Vendors.DisposeAsync();
    }
}
