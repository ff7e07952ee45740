using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>
/// An <see cref="AuditWorld"/> (by default a small team with a simulated PagerDuty and GitLab) and one node of the
/// service on Kestrel, on a clock the test moves. People act through the simulated GitLab, which sends the service real
/// webhooks.
/// </summary>
public sealed class FollowUpHost : IAsyncDisposable
{
    public const string Som = AuditWorld.Som;
    public const string Lead = "tlead";

    private FollowUpHost(AuditWorld world, ServiceFactory service, TestClock clock)
    {
        World = world;
        Service = service;
        Clock = clock;
        Admin = service.Api();
    }

    public AuditWorld World { get; }

    /// <summary>The team data file the service reads.</summary>
    public string TeamFile => World.TeamFile;

    public TestDatabase Database => World.Database;
    public ServiceFactory Service { get; }
    public TestClock Clock { get; }
    public FakePagerDuty PagerDuty => World.PagerDuty!;
    public SimulatedGitLabServer GitLab => World.GitLab;
    public FakeGitLab Fake => GitLab.Fake;
    public HttpClient Admin { get; }

    /// <summary>The simulated Slack (one user per member with a Slack id), when the host was started with one.</summary>
    public FakeSlack? Slack => World.Slack;

    /// <summary>
    /// Starts the host on the PagerDuty <paramref name="variant"/>; with <paramref name="slack"/>, also a simulated Slack
    /// (and the PagerDuty audit-record collector off, so the only Slack messages are the workflow's).
    /// </summary>
    public static Task<FollowUpHost> StartAsync(string teamYaml, string variant = "quarterly", bool slack = false,
        IReadOnlyDictionary<string, string?>? moreSettings = null, Action<IServiceCollection>? testServices = null) =>
        StartAsync(new WorldOptions(teamYaml)
        {
            PagerDuty = true,
            CollectPagerDutyAuditRecords = !slack,
            Slack = slack,
            Settings = new Dictionary<string, string?> { ["Audits:PagerDuty:Variant"] = variant },
        }, moreSettings, testServices);

    /// <summary>Starts the world of <paramref name="options"/> (its vendors on the host's clock) and one node in it.</summary>
    public static async Task<FollowUpHost> StartAsync(WorldOptions options, IReadOnlyDictionary<string, string?>? moreSettings = null,
        Action<IServiceCollection>? testServices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = new TestClock();
        var world = await AuditWorld.StartAsync(options with { VendorClock = clock });
        try
        {
            return new FollowUpHost(world, await world.StartNodeAsync(clock, moreSettings, testServices), clock);
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public Task<Guid> StartRunAsync(string audit = "pagerduty") => Admin.StartRunAsync(audit);

    /// <summary>The run as GET /api/runs/{id} shows it.</summary>
    public Task<RunView> RunAsync(Guid id) => Admin.RunAsync(id);

    /// <summary>The run's item <paramref name="item"/>, null while the run has no such item.</summary>
    public async Task<ItemView?> ItemAsync(Guid run, string item) => (await RunAsync(run)).Items!.SingleOrDefault(i => i.Id == item);

    public async Task<string?> ItemStateAsync(Guid run, string item) => (await ItemAsync(run, item))?.State;

    public async Task<string> StatusAsync(Guid run) => (await RunAsync(run)).Status;

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
            if (view.Issue is null)
            {
                return false;
            }
            iid = view.Issue.Iid;
            return BotNotes(iid).Count == items && view.Items!.All(i => i.NextTimer is not null);
        }, TimeSpan.FromSeconds(60), $"the issue has {items} threads and every item waits");
        var threads = BotNotes(iid).ToDictionary(n => n.Mentions.Single() == Som ? "som:" + n.DiscussionId : n.Mentions.Single(), n => n.DiscussionId);
        return (iid, threads);
    }

    public FakeGitLabIssue Issue(long iid) => Fake.GetIssue(SimulatedGitLab.AuditProject, iid);

    /// <summary>Every note the bot posted on the issue, oldest first, with the thread and the people it mentions.</summary>
    public IReadOnlyList<BotNote> BotNotes(long iid) => World.BotNotes(iid);

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
        await World.DisposeAsync();
    }
}
