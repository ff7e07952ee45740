using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.Calendly;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Workflows.Calendly;

/// <summary>
/// The service on Kestrel with its own database, the Calendly team, a simulated Calendly, Slack and GitLab, and a
/// clock the test moves. People act through the simulated GitLab, which sends the service real webhooks.
/// </summary>
public sealed partial class CalendlyHost : IAsyncDisposable
{
    public const string Som = "msom";
    public const string Lead = "tlead";

    private readonly string _teamFolder;

    private CalendlyHost(TestDatabase database, ServiceFactory service, TestClock clock, FakeCalendly calendly, FakeSlack slack,
        SimulatedGitLabServer gitLab, string teamFolder)
    {
        Database = database;
        Service = service;
        Clock = clock;
        Calendly = calendly;
        Slack = slack;
        GitLab = gitLab;
        _teamFolder = teamFolder;
        Admin = service.Api();
    }

    public TestDatabase Database { get; }
    public ServiceFactory Service { get; }
    public TestClock Clock { get; }
    public FakeCalendly Calendly { get; }
    public FakeSlack Slack { get; }
    public SimulatedGitLabServer GitLab { get; }
    public FakeGitLab Fake => GitLab.Fake;
    public HttpClient Admin { get; }

    public static async Task<CalendlyHost> StartAsync(string variant)
    {
        var clock = new TestClock();
        var folder = Directory.CreateTempSubdirectory("calendly-team-").FullName;
        var teamFile = Path.Combine(folder, "support-team.yaml");
        await File.WriteAllTextAsync(teamFile, CalendlyTeam.Yaml);
        var team = await SupportTeamLoader.LoadAsync(new LocalTeamFiles(teamFile), CancellationToken.None);

        var calendly = new FakeCalendly("cal-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        await calendly.StartAsync(CancellationToken.None);
        var slack = await SimulatedSlack.StartAsync(team);
        var gitLab = await SimulatedGitLab.StartAsync(team, [], time: clock);
        var database = await TestDatabase.CreateAsync();

        var settings = new Dictionary<string, string?>(gitLab.Configuration)
        {
            ["SupportTeam:Source"] = teamFile,
            ["Calendly:BaseUrl"] = calendly.BaseUrl,
            ["Calendly:Token"] = calendly.Token,
            ["Slack:BaseUrl"] = slack.BaseUrl,
            ["Slack:Token"] = slack.Token,
            ["SupportOps:Managers:0"] = Som,
            ["Audits:Calendly:Variant"] = variant,
            ["GitLab:NotesPerMinute"] = "60000",
            ["GitLab:ServiceUsername"] = SimulatedGitLab.Bot,
            ["GitLab:ReconcileInterval"] = "00:00:00",
            ["Webhooks:PollInterval"] = "00:00:01",
        };
        var service = ServiceFactory.StartOnKestrel(database, settings, clock);
        var address = service.BaseAddress;
        var host = new CalendlyHost(database, service, clock, calendly, slack, gitLab, folder);
        gitLab.SendWebhooksTo(new Uri(address, "/webhooks/gitlab"));
        await ServiceFactory.ReadyAsync(host.Admin, TimeSpan.FromSeconds(60));
        return host;
    }

    public async Task<Guid> StartRunAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/runs", new { audit = "calendly" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<RunView> RunAsync(Guid id) => await Admin.GetAsync<RunView>($"/api/runs/{id}");

    public async Task<string?> StatusAsync(Guid run) => (await RunAsync(run)).Status;

    public async Task<Dictionary<string, string>> StatesAsync(Guid run) =>
        (await RunAsync(run)).Items!
            .ToDictionary(i => i.Id, i => i.State);

    /// <summary>The journal entries of one instance (the run's audit instance, say), oldest first.</summary>
    public async Task<List<JournalView>> JournalAsync(Guid instance) =>
        [.. (await Admin.GetAsync<InstanceDetail>($"/api/instances/{instance}")).Journal];

    /// <summary>
    /// Waits until the run's issue has a thread for each of <paramref name="items"/> and every item waits on its first
    /// timer; gives the issue's iid and each thread by the first person it mentions (the SOM's by the account it is about).
    /// </summary>
    public async Task<(long Iid, Dictionary<string, string> Threads)> FirstPingsAsync(Guid run, int items)
    {
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var view = await RunAsync(run);
            if (view.Issue is null)
            {
                return false;
            }
            iid = view.Issue!.Iid;
            var waiting = view.Items!.ToList();
            return BotNotes(iid).Count == items && waiting.Count == items
                && waiting.All(i => i.NextTimer is not null);
        }, TimeSpan.FromSeconds(60), $"the issue has {items} threads and every item waits");
        var threads = BotNotes(iid).ToDictionary(
            n => n.Mentions[0] == Som ? (n.Body.Contains(CalendlyTeam.Justy, StringComparison.Ordinal) ? CalendlyTeam.Justy : CalendlyTeam.Sid) : n.Mentions[0],
            n => n.DiscussionId);
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

    public static string[] MentionsOn(IReadOnlyList<BotNote> notes, string discussionId) =>
        [.. notes.Where(n => n.DiscussionId == discussionId).SelectMany(n => n.Mentions)];

    /// <summary>The service's calls to a simulated vendor as "METHOD path" (query dropped, ids kept), in order.</summary>
    public static string[] Writes(IEnumerable<Sandbox.Hosting.RecordedCall> calls) =>
        [.. calls.Where(c => c.IsWrite).Select(c => $"{c.Method} {c.PathAndQuery.Split('?')[0]} {c.StatusCode}")];

    /// <summary>The service's writes to GitLab, their paths reduced to the resource (ids and the project path elided).</summary>
    public string[] GitLabWrites() =>
        // The evidence pack's upload and note follow the run's completion by up to one publishing pass: not the run's writes.
        [.. Fake.Calls.Where(c => c.IsWrite && c.StatusCode < 300 && c.PathAndQuery.Contains("/issues", StringComparison.Ordinal)
                && !c.Body.Contains("**Evidence pack**", StringComparison.Ordinal)).Select(c =>
        {
            var path = c.PathAndQuery.Split('?')[0];
            var tail = path[(path.IndexOf("/issues", StringComparison.Ordinal))..];
            var parts = tail.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var shape = string.Join('/', parts.Select((p, i) => i == 0 || p is "discussions" or "notes" or "award_emoji" ? p : (i == 1 ? "iid" : "id")));
            var reduced = shape.StartsWith("issues/iid/", StringComparison.Ordinal) ? shape["issues/iid".Length..] : "/" + shape;
            return $"{c.Method} {reduced}";
        })];

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Service.DisposeAsync();
        await Database.DisposeAsync();
        await GitLab.DisposeAsync();
        await Slack.DisposeAsync();
        await Calendly.DisposeAsync();
        Directory.Delete(_teamFolder, recursive: true);
    }

    [GeneratedRegex(@"(?<![\w`])@([A-Za-z0-9_.\-]+)")]
    private static partial Regex Mention();
}
