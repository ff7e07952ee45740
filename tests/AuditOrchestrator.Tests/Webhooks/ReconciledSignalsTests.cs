using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Tests.Webhooks;

public sealed class ReconciledSignalsTests
{
    private const long First = 700_100;
    private static readonly string ThreadKey = $"gitlab-thread:{Hooks.Project}:{Hooks.Iid}:{Hooks.Thread}";

    private static GitLabDiscussion ItemThread(params GitLabNote[] replies) =>
        new(Hooks.Thread, false, [Hooks.ApiNote(First, Hooks.Bot, "@alice please fix <!-- ao:key=run:item:ping-1 -->"), .. replies]);

    private static IReadOnlyList<AuditOrchestrator.Engine.Runtime.Signal> Read(
        GitLabIssue issue, IEnumerable<GitLabDiscussion> threads, params GitLabAwardEmoji[] firstNoteAwards) =>
        ReconciledSignals.From(Hooks.Project, issue, threads,
            new Dictionary<long, IReadOnlyList<GitLabAwardEmoji>> { [First] = firstNoteAwards }, Hooks.Rules);

    [Test]
    public void Reconcile_WhenAPersonReplied_FindsTheSameSignalTheWebhookBrings()
    {
        var fromIssue = Read(Hooks.ApiIssue(), [ItemThread(Hooks.ApiNote(700_101, "alice", "Fixed my PagerDuty id"))]).Single();
        var fromHook = WebhookSignals.From(Hooks.Note("alice", 700_101, "Fixed my PagerDuty id"), Hooks.Rules).Single();

        Assert.That(fromIssue with { Payload = null }, Is.EqualTo(fromHook with { Payload = null }));
        Assert.That(fromIssue.Payload!.ToJsonString(), Is.EqualTo(fromHook.Payload!.ToJsonString()));
    }

    [Test]
    public void Reconcile_TheServicesOwnRepliesAndSystemNotes_AreNoAnswers()
    {
        var thread = ItemThread(
            Hooks.ApiNote(700_102, Hooks.Bot, "Second ping"),
            Hooks.ApiNote(700_103, "Audit-Bot", "Manager ping"));
        var system = new GitLabDiscussion("d2", true, [Hooks.ApiNote(700_104, "alice", "changed labels", system: true, resolvable: false)]);

        Assert.That(Read(Hooks.ApiIssue(), [thread, system]), Is.Empty);
    }

    [Test]
    public void Reconcile_WhenTheThreadIsResolved_FindsTheResolvedAnswerWithTheResolver()
    {
        var thread = new GitLabDiscussion(Hooks.Thread, false,
            [Hooks.ApiNote(First, Hooks.Bot, "@alice please fix", resolved: true, resolvedBy: "alice")]);

        var signal = Read(Hooks.ApiIssue(), [thread]).Single();

        Assert.Multiple(() =>
        {
            Assert.That(signal.DeliveryKey, Is.EqualTo($"gitlab:resolved:{Hooks.Thread}"));
            Assert.That(signal.CorrelationKey, Is.EqualTo(ThreadKey));
            Assert.That(signal.Payload!.ToJsonString(), Is.EqualTo("""{"kind":"resolved","author":"alice"}"""));
        });
    }

    [Test]
    public void Reconcile_DoneAndApprovalEmojiOnTheFirstNote_AreTheWebhooksSignals()
    {
        var signals = Read(Hooks.ApiIssue(), [ItemThread()],
            Hooks.ApiAward(9001, "white_check_mark", "alice", First),
            Hooks.ApiAward(9002, "thumbsup", "sally", First),
            Hooks.ApiAward(9003, "white_check_mark", Hooks.Bot, First),
            Hooks.ApiAward(9004, "tada", "bob", First));

        var done = WebhookSignals.From(Hooks.Award("alice", 9001, "white_check_mark", First), Hooks.Rules, awardedNoteIsFirst: true).Single();
        var approval = WebhookSignals.From(Hooks.Award("sally", 9002, "thumbsup", First), Hooks.Rules).Single();
        Assert.That(signals.Select(s => (s.Name, s.CorrelationKey, s.DeliveryKey)),
            Is.EquivalentTo(new[] { done, approval }.Select(s => (s.Name, s.CorrelationKey, s.DeliveryKey))));
    }

    [Test]
    public void Reconcile_WhenClosed_FindsIssueClosedWithTheWebhooksKey()
    {
        var closedAt = new DateTimeOffset(2026, 11, 22, 2, 40, 5, 812, TimeSpan.Zero);

        var signal = Read(Hooks.ApiIssue("closed", closedBy: "sally", closedAt: closedAt), []).Single();
        var fromHook = WebhookSignals.From(
            Hooks.Issue("sally", "close", "closed", "2026-11-22 02:40:05 UTC", closedAt: "2026-11-22 02:40:05 UTC"), Hooks.Rules).Single();

        Assert.That(signal.DeliveryKey, Is.EqualTo(fromHook.DeliveryKey));
        Assert.That(signal.Payload!.ToJsonString(), Is.EqualTo("""{"author":"sally","at":"2026-11-22T02:40:05.812+00:00"}"""));
    }

    [Test]
    public void Reconcile_DescriptionEdits_AreKeyedByTheLatestEditWithTheCurrentDescription()
    {
        var edits = new GitLabDiscussion[]
        {
            new("e1", true, [Hooks.ApiNote(700_301, "alice", "changed the description", system: true, resolvable: false, at: Hooks.At.AddMinutes(-5))]),
            new("e2", true, [Hooks.ApiNote(700_302, "bob", "changed the description", system: true, resolvable: false, at: Hooks.At)]),
        };

        var signal = Read(Hooks.ApiIssue(description: "| tok | @bob |"), edits).Single();

        Assert.Multiple(() =>
        {
            Assert.That(signal.Name, Is.EqualTo("gitlab.issue-description"));
            Assert.That(signal.DeliveryKey, Is.EqualTo($"gitlab:description:{Hooks.Project}:{Hooks.Iid}:2026-11-22T02:28:00Z:d03838c5cb27"));
            Assert.That(signal.Payload!.ToJsonString(), Is.EqualTo("""{"author":"bob","description":"| tok | @bob |"}"""));
        });
    }

    [Test]
    public void AwardsWorthReading_AreOnTheFirstNotesTheServiceWrote_NotOnCopiedMarkers()
    {
        var personThread = new GitLabDiscussion("p1", false, [Hooks.ApiNote(800_001, "alice", "A question")]);
        var markerThread = new GitLabDiscussion("p2", false, [Hooks.ApiNote(800_002, "unknown", "Review please <!-- ao:key=run:review -->")]);

        Assert.That(ReconciledSignals.NotesToReadAwardsOf([ItemThread(), personThread, markerThread], Hooks.Rules),
            Is.EqualTo(new[] { First }));
    }

    [Test]
    public void AwardsWorthReading_SkipThreadsAndNotesNoUnfinishedWaitListensTo()
    {
        var reviewThread = new GitLabDiscussion("r1", true, [Hooks.ApiNote(700_200, Hooks.Bot, "Review please <!-- ao:key=run:review -->")]);
        var settledThread = new HashSet<string> { ThreadKey };
        var settledReview = new HashSet<string> { $"gitlab-note:{Hooks.Project}:{Hooks.Iid}:700200" };

        Assert.Multiple(() =>
        {
            Assert.That(ReconciledSignals.NotesToReadAwardsOf([ItemThread(), reviewThread], Hooks.Rules, Hooks.Project, Hooks.Iid, new HashSet<string>()),
                Is.EqualTo(new[] { First, 700_200 }));
            Assert.That(ReconciledSignals.NotesToReadAwardsOf([ItemThread(), reviewThread], Hooks.Rules, Hooks.Project, Hooks.Iid, settledThread),
                Is.EqualTo(new[] { 700_200L }));
            Assert.That(ReconciledSignals.NotesToReadAwardsOf([ItemThread(), reviewThread], Hooks.Rules, Hooks.Project, Hooks.Iid, settledReview),
                Is.EqualTo(new[] { First }));
        });
    }
}
