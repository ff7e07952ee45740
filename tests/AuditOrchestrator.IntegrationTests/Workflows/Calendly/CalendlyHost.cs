using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.Calendly;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.Slack;

namespace AuditOrchestrator.IntegrationTests.Workflows.Calendly;

/// <summary>
/// The follow-up host on the Calendly team, with a simulated Calendly, Slack and GitLab, and a clock the test moves.
/// People act through the simulated GitLab, which sends the service real webhooks.
/// </summary>
public sealed class CalendlyHost : IAsyncDisposable
{
    public const string Som = FollowUpHost.Som;
    public const string Lead = FollowUpHost.Lead;

    private CalendlyHost(FollowUpHost host)
    {
        Host = host;
        Memberships = CalendlyTeam.Seed(Calendly);
    }

    public FollowUpHost Host { get; }
    public TestDatabase Database => Host.Database;
    public ServiceFactory Service => Host.Service;
    public TestClock Clock => Host.Clock;
    public FakeCalendly Calendly => Host.World.Calendly!;
    public FakeSlack Slack => Host.Slack!;
    public SimulatedGitLabServer GitLab => Host.GitLab;
    public FakeGitLab Fake => Host.Fake;
    public HttpClient Admin => Host.Admin;

    /// <summary>The uuids of Justy's and Sid's memberships in the seeded organisation.</summary>
    public (string Justy, string Sid) Memberships { get; }

    /// <summary>Starts the host on the Calendly <paramref name="variant"/>, its organisation seeded as <see cref="CalendlyTeam.Seed"/> says.</summary>
    public static async Task<CalendlyHost> StartAsync(string variant) =>
        new(await FollowUpHost.StartAsync(new WorldOptions(CalendlyTeam.Yaml)
        {
            Calendly = true,
            Slack = true,
            Settings = new Dictionary<string, string?> { ["Audits:Calendly:Variant"] = variant },
        }));

    public Task<Guid> StartRunAsync() => Host.StartRunAsync("calendly");

    public Task<RunView> RunAsync(Guid id) => Host.RunAsync(id);

    public Task<string> StatusAsync(Guid run) => Host.StatusAsync(run);

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

    public FakeGitLabIssue Issue(long iid) => Host.Issue(iid);

    /// <summary>Every note the bot posted on the issue, oldest first, with the thread and the people it mentions.</summary>
    public IReadOnlyList<BotNote> BotNotes(long iid) => Host.BotNotes(iid);

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

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
