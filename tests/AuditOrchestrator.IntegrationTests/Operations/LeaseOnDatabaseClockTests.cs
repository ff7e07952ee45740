using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.PagerDuty;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>
/// Two service processes on one PostgreSQL, each reaching it through its own relay: one node's clock runs 60 s ahead,
/// the other node's database stalls for 45 s while it is posting the pings. Leases live on the database's clock, and a
/// node that cannot renew stops before its next side effect, so every note is posted exactly once.
/// </summary>
public sealed class LeaseOnDatabaseClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(45);

    [Test]
    public async Task ClockSixtySecondsAhead_AndFortyFiveSecondDatabaseStall_EveryNotePostedOnce()
    {
        var folder = Directory.CreateTempSubdirectory("lease-team-").FullName;
        var teamFile = Path.Combine(folder, "support-team.yaml");
        await File.WriteAllTextAsync(teamFile, SmallTeam.Yaml);
        var team = await SupportTeamLoader.LoadAsync(new LocalTeamFiles(teamFile), CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        await using var pagerDuty = new FakePagerDuty("pd-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        await pagerDuty.StartAsync();
        SmallTeam.SeedPagerDuty(pagerDuty);
        await using var gitLab = await SimulatedGitLab.StartAsync(team, []);
        var upstream = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var honestRelay = new PausableTcpProxy(upstream.Host!, upstream.Port);
        await using var skewedRelay = new PausableTcpProxy(upstream.Host!, upstream.Port);
        var environment = new Dictionary<string, string>
        {
            ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
            ["Workflows__Directory"] = RepositoryPaths.Workflows,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Runtime__LeaseDuration"] = "00:00:03",
            ["Runtime__PollInterval"] = "00:00:00.100",
            ["SupportTeam__Source"] = teamFile,
            ["SupportOps__Managers__0"] = FollowUpHost.Som,
            ["Audits__PagerDuty__Variant"] = "quarterly",
            ["GitLab__BaseUrl"] = gitLab.Fake.BaseUrl,
            ["GitLab__Token"] = gitLab.Token,
            ["GitLab__WebhookSecret"] = gitLab.WebhookSecret,
            ["GitLab__AuditProject"] = SimulatedGitLab.AuditProject,
            ["GitLab__ServiceUsername"] = SimulatedGitLab.Bot,
            ["GitLab__ReconcileInterval"] = "00:00:00",
            // Note writes paced five seconds apart: when the first ping is on the issue, the others are still to come.
            ["GitLab__NotesPerMinute"] = "12",
            ["PagerDuty__BaseUrl"] = pagerDuty.BaseUrl,
            ["PagerDuty__Token"] = pagerDuty.Token,
            ["PagerDutyAuditLogs__Enabled"] = "false",
        };
        await using var honest = ServiceProcess.Start(Through(environment, honestRelay, upstream));
        await using var skewed = ServiceProcess.Start(new Dictionary<string, string>(Through(environment, skewedRelay, upstream)) { ["Clock__Skew"] = "00:01:00" });
        await Task.WhenAll(honest.WaitUntilReadyAsync(Patience), skewed.WaitUntilReadyAsync(Patience));
        using var client = Client(honest);

        // The run starts on the honest node while the skewed one is cut off, so the honest node is the one posting.
        skewedRelay.Pause();
        var started = await client.PostAsJsonAsync("/api/runs", new { audit = "pagerduty" });
        var run = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var view = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{run}");
            iid = view.GetProperty("issue").ValueKind == JsonValueKind.Object ? view.GetProperty("issue").GetProperty("iid").GetInt64() : 0;
            return iid > 0 && BotNotes(gitLab, iid).Count >= 1;
        }, Patience, "the honest node has posted its first ping");

        // Mid-pings, the honest node's database stalls for 45 s; the node whose clock is 60 s ahead comes back.
        // The stall is the fault itself, held for its whole length and no longer: a transaction the stalled node had
        // open keeps its row locks until its connection moves again, and the takeover may have to wait for that.
        honestRelay.Pause();
        var stallEnds = Task.Delay(Stall).ContinueWith(_ => honestRelay.Resume(), TaskScheduler.Default);
        skewedRelay.Resume();
        using (var skewedClient = Client(skewed))
        {
            await Eventually.HoldsAsync(async () => Waiting(await skewedClient.GetFromJsonAsync<JsonElement>($"/api/runs/{run}")) == 5,
                Stall + Patience, "the other node takes the run over once the leases expire, and every item waits");
        }
        await stallEnds;
        await Eventually.HoldsAsync(async () => Waiting(await client.GetFromJsonAsync<JsonElement>($"/api/runs/{run}")) == 5,
            Patience, "the stalled node is back and sees the same run");

        var notes = BotNotes(gitLab, iid);
        var journaled = await database.ScalarAsync<long>("SELECT count(*) FROM workflow_journal WHERE kind = 'pinged'");
        Directory.Delete(folder, recursive: true);
        Assert.Multiple(() =>
        {
            Assert.That(notes.Distinct().Count(), Is.EqualTo(notes.Count), $"no note posted twice ({notes.Count} notes)");
            Assert.That(notes, Has.Count.EqualTo(5), "one first ping per item");
            Assert.That(journaled, Is.EqualTo(5), "each ping journalled once");
        });
    }

    private static Dictionary<string, string> Through(Dictionary<string, string> environment, PausableTcpProxy relay, NpgsqlConnectionStringBuilder upstream) =>
        new(environment)
        {
            ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(upstream.ConnectionString) { Host = "127.0.0.1", Port = relay.Port }.ConnectionString,
        };

    private static int Waiting(JsonElement run) =>
        run.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("nextTimer").ValueKind == JsonValueKind.Object);

    private static HttpClient Client(ServiceProcess node)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);
        return client;
    }

    private static List<string> BotNotes(SimulatedGitLabServer gitLab, long iid)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var issue = gitLab.Fake.GetIssue(SimulatedGitLab.AuditProject, iid);
                return [.. issue.Discussions.ToList().SelectMany(d => d.Notes.ToList())
                    .Where(n => n.AuthorId == issue.AuthorId && !n.System).OrderBy(n => n.Id).Select(n => n.Body)];
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                // The service is writing to the fake meanwhile; read again.
            }
        }
    }
}
