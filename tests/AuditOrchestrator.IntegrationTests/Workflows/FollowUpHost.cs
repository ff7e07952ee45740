using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>
/// The service on Kestrel with its own database, a small team, a simulated PagerDuty and GitLab, and a clock the test
/// moves. People act through the simulated GitLab, which sends the service real webhooks.
/// </summary>
public sealed partial class FollowUpHost : IAsyncDisposable
{
    public const string Som = "msom";
    public const string Lead = "tlead";

    private readonly string _teamFolder;

    private FollowUpHost(TestDatabase database, ServiceFactory service, TestClock clock, FakePagerDuty pagerDuty, SimulatedGitLabServer gitLab,
        string teamFolder)
    {
        Database = database;
        Service = service;
        Clock = clock;
        PagerDuty = pagerDuty;
        GitLab = gitLab;
        _teamFolder = teamFolder;
        Admin = service.Api();
    }

    /// <summary>The team data file the service reads.</summary>
    public string TeamFile => Path.Combine(_teamFolder, "support-team.yaml");

    public TestDatabase Database { get; }
    public ServiceFactory Service { get; }
    public TestClock Clock { get; }
    public FakePagerDuty PagerDuty { get; }
    public SimulatedGitLabServer GitLab { get; }
    public FakeGitLab Fake => GitLab.Fake;
    public HttpClient Admin { get; }

    /// <summary>The simulated Slack (one user per member with a Slack id), when the host was started with one.</summary>
    public FakeSlack? Slack { get; private set; }

    /// <summary>
    /// Starts the host on the PagerDuty <paramref name="variant"/>; with <paramref name="slack"/>, also a simulated Slack
    /// (and the PagerDuty audit-record collector off, so the only Slack messages are the workflow's).
    /// </summary>
    public static async Task<FollowUpHost> StartAsync(string teamYaml, string variant = "quarterly", bool slack = false,
        IReadOnlyDictionary<string, string?>? moreSettings = null, Action<IServiceCollection>? testServices = null)
    {
        var clock = new TestClock();
        var folder = Directory.CreateTempSubdirectory("followup-team-").FullName;
        var teamFile = Path.Combine(folder, "support-team.yaml");
        await File.WriteAllTextAsync(teamFile, teamYaml);
        var team = await SupportTeamLoader.LoadAsync(new LocalTeamFiles(teamFile), CancellationToken.None);

        var pagerDuty = new FakePagerDuty("pd-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        await pagerDuty.StartAsync(CancellationToken.None);
        var gitLab = await SimulatedGitLab.StartAsync(team, [], time: clock);
        var database = await TestDatabase.CreateAsync();
        var fakeSlack = slack ? await SimulatedSlack.StartAsync(team, clock) : null;

        var settings = new Dictionary<string, string?>(gitLab.Configuration)
        {
            ["SupportTeam:Source"] = teamFile,
            ["PagerDuty:BaseUrl"] = pagerDuty.BaseUrl,
            ["PagerDuty:Token"] = pagerDuty.Token,
            ["SupportOps:Managers:0"] = Som,
            ["Audits:PagerDuty:Variant"] = variant,
            ["GitLab:NotesPerMinute"] = "60000",
            ["GitLab:ServiceUsername"] = SimulatedGitLab.Bot,
            ["GitLab:ReconcileInterval"] = "00:00:00",
            ["Webhooks:PollInterval"] = "00:00:01",
        };
        if (fakeSlack is not null)
        {
            foreach (var (key, value) in SimulatedSlack.Configuration(fakeSlack))
            {
                settings[key] = value;
            }
            settings["PagerDutyAuditLogs:Enabled"] = "false";
        }
        foreach (var (key, value) in moreSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var service = ServiceFactory.StartOnKestrel(database, settings, clock, testServices);
        var address = service.BaseAddress;
        var host = new FollowUpHost(database, service, clock, pagerDuty, gitLab, folder) { Slack = fakeSlack };
        gitLab.SendWebhooksTo(new Uri(address, "/webhooks/gitlab"));
        await ServiceFactory.ReadyAsync(host.Admin, TimeSpan.FromSeconds(60));
        return host;
    }

    public async Task<Guid> StartRunAsync(string audit = "pagerduty")
    {
        var response = await Admin.PostAsJsonAsync("/api/runs", new { audit });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> RunAsync(Guid id) => await Admin.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");

    public async Task<string?> ItemStateAsync(Guid run, string item) =>
        (await RunAsync(run)).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("id").GetString() == item).Select(i => i.GetProperty("state").GetString()).FirstOrDefault();

    /// <summary>
    /// Waits until the run's issue has a thread for each of <paramref name="items"/> and every item waits on its first
    /// timer; gives the issue's iid and each item's thread (the contractor's first note mentions the SOM).
    /// </summary>
    public async Task<(long Iid, Dictionary<string, string> Threads)> FirstPingsAsync(Guid run, int items)
    {
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var view = await RunAsync(run);
            if (view.GetProperty("issue").ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            iid = view.GetProperty("issue").GetProperty("iid").GetInt64();
            return BotNotes(iid).Count == items
                && view.GetProperty("items").EnumerateArray().All(i => i.GetProperty("nextTimer").ValueKind == JsonValueKind.Object);
        }, TimeSpan.FromSeconds(60), $"the issue has {items} threads and every item waits");
        var threads = BotNotes(iid).ToDictionary(n => n.Mentions.Single() == Som ? "som:" + n.DiscussionId : n.Mentions.Single(), n => n.DiscussionId);
        return (iid, threads);
    }

    public FakeGitLabIssue Issue(long iid) => Fake.GetIssue(SimulatedGitLab.AuditProject, iid);

    /// <summary>Every note the bot posted on the issue, oldest first, with the thread and the people it mentions.</summary>
    public IReadOnlyList<BotNote> BotNotes(long iid)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var issue = Issue(iid);
                return [.. issue.Discussions.ToList()
                    .SelectMany(d => d.Notes.ToList().Select(n => (Discussion: d, Note: n)))
                    .Where(x => x.Note.AuthorId == issue.AuthorId && !x.Note.System)
                    .OrderBy(x => x.Note.Id)
                    .Select(x => new BotNote(x.Discussion.Id, x.Note.Id, x.Note.Body, x.Note.CreatedAt,
                        [.. Mention().Matches(x.Note.Body).Select(m => m.Groups[1].Value)]))];
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                // The service is writing to the fake meanwhile; read again.
            }
        }
    }

    /// <summary>A person replies on a thread (GitLab sends the Note Hook).</summary>
    public async Task ReplyAsync(long iid, string discussionId, string username, string body) =>
        await Fake.ReplyAsync(iid, discussionId, username, body);

    /// <summary>A person awards the approval emoji on a note (GitLab sends the Emoji Hook).</summary>
    public async Task ApproveAsync(long iid, long noteId, string username, string emoji = "thumbsup") =>
        await Fake.AwardEmojiAsync(iid, username, emoji, noteId);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Service.DisposeAsync();
        await Database.DisposeAsync();
        await GitLab.DisposeAsync();
        await PagerDuty.DisposeAsync();
        if (Slack is not null)
        {
            await Slack.DisposeAsync();
        }
        Directory.Delete(_teamFolder, recursive: true);
    }

    [GeneratedRegex(@"(?<![\w`])@([A-Za-z0-9_.\-]+)")]
    private static partial Regex Mention();
}

public sealed record BotNote(string DiscussionId, long Id, string Body, DateTimeOffset At, IReadOnlyList<string> Mentions);
