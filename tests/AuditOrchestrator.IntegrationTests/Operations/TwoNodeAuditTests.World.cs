using System.Security.Cryptography;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.PagerDuty;

namespace AuditOrchestrator.IntegrationTests.Operations;

public sealed partial class TwoNodeAuditTests
{
    /// <summary>
    /// What the nodes of a two-node PagerDuty audit share: the team file of <see cref="SmallTeam"/>, one database, the
    /// simulated PagerDuty and GitLab, and the settings every node starts with (each test adds its own).
    /// </summary>
    private sealed class World(
        string teamFolder, TestDatabase database, FakePagerDuty pagerDuty, SimulatedGitLabServer gitLab, Dictionary<string, string> environment)
        : IAsyncDisposable
    {
        public TestDatabase Database { get; } = database;
        public FakePagerDuty PagerDuty { get; } = pagerDuty;
        public SimulatedGitLabServer GitLab { get; } = gitLab;

        /// <summary>The shared settings with <paramref name="own"/> added or replaced.</summary>
        public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string> own)
        {
            var settings = new Dictionary<string, string>(environment);
            foreach (var (key, value) in own)
            {
                settings[key] = value;
            }
            return settings;
        }

        public static async Task<World> StartAsync()
        {
            var folder = Directory.CreateTempSubdirectory("two-nodes-team-").FullName;
            var teamFile = Path.Combine(folder, "support-team.yaml");
            await File.WriteAllTextAsync(teamFile, SmallTeam.Yaml);
            var team = await SupportTeamLoader.LoadAsync(new LocalTeamFiles(teamFile), CancellationToken.None);
            var database = await TestDatabase.CreateAsync();
            var pagerDuty = new FakePagerDuty("pd-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
            await pagerDuty.StartAsync();
            SmallTeam.SeedPagerDuty(pagerDuty);
            var gitLab = await SimulatedGitLab.StartAsync(team, []);
            return new World(folder, database, pagerDuty, gitLab, new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = database.ConnectionString,
                ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
                ["Workflows__Directory"] = RepositoryPaths.Workflows,
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Clock__Speed"] = Speed,
                ["Runtime__PollInterval"] = "00:00:00.100",
                ["SupportTeam__Source"] = teamFile,
                ["SupportOps__Managers__0"] = FollowUpHost.Som,
                ["Audits__PagerDuty__Variant"] = "quarterly",
                ["GitLab__BaseUrl"] = gitLab.Fake.BaseUrl,
                ["GitLab__Token"] = gitLab.Token,
                ["GitLab__WebhookSecret"] = gitLab.WebhookSecret,
                ["GitLab__AuditProject"] = SimulatedGitLab.AuditProject,
                ["GitLab__ServiceUsername"] = SimulatedGitLab.Bot,
                ["GitLab__NotesPerMinute"] = "60000",
                ["GitLab__ReconcileInterval"] = "00:00:00",
                ["PagerDuty__BaseUrl"] = pagerDuty.BaseUrl,
                ["PagerDuty__Token"] = pagerDuty.Token,
                ["PagerDutyAuditLogs__Enabled"] = "false",
                ["Webhooks__PollInterval"] = "00:00:01",
            });
        }

        public async ValueTask DisposeAsync()
        {
            await GitLab.DisposeAsync();
            await PagerDuty.DisposeAsync();
            await Database.DisposeAsync();
            Directory.Delete(teamFolder, recursive: true);
        }
    }
}
