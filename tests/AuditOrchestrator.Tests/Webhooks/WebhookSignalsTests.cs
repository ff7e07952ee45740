using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Tests.Webhooks;

public sealed class WebhookSignalsTests
{
    private static readonly string ThreadKey = $"gitlab-thread:{Hooks.Project}:{Hooks.Iid}:{Hooks.Thread}";

    [Test]
    public void NoteHook_WhenAPersonReplies_IsAnAnswerOnTheThread()
    {
        var signal = WebhookSignals.From(Hooks.Note("alice", 700_101, "Fixed my PagerDuty id"), Hooks.Rules).Single();

        Assert.Multiple(() =>
        {
            Assert.That(signal.Name, Is.EqualTo("gitlab.answer"));
            Assert.That(signal.CorrelationKey, Is.EqualTo(ThreadKey));
            Assert.That(signal.DeliveryKey, Is.EqualTo("gitlab:note:700101"));
            Assert.That(signal.Actor, Is.EqualTo("alice"));
            Assert.That(signal.Payload!.ToJsonString(), Is.EqualTo("""{"kind":"note","author":"alice","noteId":700101,"body":"Fixed my PagerDuty id"}"""));
        });
    }

    [Test]
    public void NoteHook_WhenConfidential_IsAnAnswerLikeItsPublicTwin()
    {
        var hook = Hooks.Note("alice", 700_101, "done");
        var confidential = GitLabHook.Parse("Confidential Note Hook", System.Text.Json.JsonSerializer.Serialize(new
        {
            object_kind = "note",
            user = new { username = "alice" },
            project_id = Hooks.Project,
            object_attributes = new { id = 700_101, note = "done", discussion_id = Hooks.Thread, noteable_type = "Issue" },
            issue = new { iid = Hooks.Iid },
        }));

        Assert.That(WebhookSignals.From(confidential, Hooks.Rules).Single().DeliveryKey,
            Is.EqualTo(WebhookSignals.From(hook, Hooks.Rules).Single().DeliveryKey));
    }

    [TestCase("audit-bot", "Second ping")]
    [TestCase("Audit-Bot", "Second ping")]
    public void NoteHook_WhenTheServiceWroteIt_IsNoAnswer(string author, string body) =>
        Assert.That(WebhookSignals.From(Hooks.Note(author, 700_102, body), Hooks.Rules), Is.Empty);

    [Test]
    public void NoteHook_WhenSomeoneElseCopiedAMarker_IsStillTheirAnswer()
    {
        var signal = WebhookSignals.From(Hooks.Note("someone", 700_102, "Posted by a step <!-- ao:key=run:1:ping-2 -->"), Hooks.Rules).Single();
        Assert.That(signal.Actor, Is.EqualTo("someone"));
    }

    [Test]
    public void NoteHook_WhenItIsGitLabsOwnSystemNote_IsNoAnswer() =>
        Assert.That(WebhookSignals.From(Hooks.Note("alice", 700_103, "closed", system: true), Hooks.Rules), Is.Empty);

    [Test]
    public void NoteHook_WhenAnEditResolvesTheThread_IsTheResolvedAnswer()
    {
        var signal = WebhookSignals.From(Hooks.Note("alice", 700_100, "Please fix <!-- ao:key=k1 -->", "update", resolvedAt: "2026-11-22 02:30:00 UTC"), Hooks.Rules).Single();

        Assert.Multiple(() =>
        {
            Assert.That(signal.DeliveryKey, Is.EqualTo($"gitlab:resolved:{Hooks.Thread}"));
            Assert.That(signal.CorrelationKey, Is.EqualTo(ThreadKey));
            Assert.That(signal.Payload!["kind"]!.GetValue<string>(), Is.EqualTo("resolved"));
            Assert.That(signal.Payload!["author"]!.GetValue<string>(), Is.EqualTo("alice"));
        });
    }

    [Test]
    public void NoteHook_WhenANoteIsMerelyEdited_IsNoNewAnswer() =>
        Assert.That(WebhookSignals.From(Hooks.Note("alice", 700_101, "typo fixed", "update"), Hooks.Rules), Is.Empty);

    [Test]
    public void EmojiHook_WhenTheDoneEmojiIsOnTheThreadsFirstNote_IsAnAnswer()
    {
        var hook = Hooks.Award("alice", 9001, "white_check_mark", 700_100);
        Assert.That(WebhookSignals.NeedsFirstNoteCheck(hook, Hooks.Rules), Is.True);

        var signal = WebhookSignals.From(hook, Hooks.Rules, awardedNoteIsFirst: true).Single();

        Assert.Multiple(() =>
        {
            Assert.That(signal.Name, Is.EqualTo("gitlab.answer"));
            Assert.That(signal.CorrelationKey, Is.EqualTo(ThreadKey));
            Assert.That(signal.DeliveryKey, Is.EqualTo("gitlab:award:9001"));
            Assert.That(signal.Payload!.ToJsonString(), Is.EqualTo("""{"kind":"emoji","author":"alice","emoji":"white_check_mark"}"""));
        });
    }

    [Test]
    public void EmojiHook_WhenTheDoneEmojiIsOnAReply_IsNoAnswer() =>
        Assert.That(WebhookSignals.From(Hooks.Award("alice", 9001, "white_check_mark", 700_105), Hooks.Rules, awardedNoteIsFirst: false), Is.Empty);

    [Test]
    public void EmojiHook_WhenTheApprovalEmojiIsOnANote_IsAnApprovalOfThatNote()
    {
        var hook = Hooks.Award("sally", 9002, "thumbsup", 700_200);
        Assert.That(WebhookSignals.NeedsFirstNoteCheck(hook, Hooks.Rules), Is.False);

        var signal = WebhookSignals.From(hook, Hooks.Rules).Single();

        Assert.Multiple(() =>
        {
            Assert.That(signal.Name, Is.EqualTo("gitlab.approval"));
            Assert.That(signal.CorrelationKey, Is.EqualTo($"gitlab-note:{Hooks.Project}:{Hooks.Iid}:700200"));
            Assert.That(signal.DeliveryKey, Is.EqualTo("gitlab:award:9002"));
            Assert.That(signal.Payload!.ToJsonString(), Is.EqualTo("""{"author":"sally","emoji":"thumbsup"}"""));
        });
    }

    [Test]
    public void EmojiHook_WhenRevokedOrOtherEmojiOrByTheService_IsNothing() =>
        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignals.From(Hooks.Award("sally", 9003, "thumbsup", 700_200, eventType: "revoke"), Hooks.Rules), Is.Empty);
            Assert.That(WebhookSignals.From(Hooks.Award("sally", 9004, "tada", 700_200), Hooks.Rules, awardedNoteIsFirst: true), Is.Empty);
            Assert.That(WebhookSignals.From(Hooks.Award(Hooks.Bot, 9005, "white_check_mark", 700_100), Hooks.Rules, awardedNoteIsFirst: true), Is.Empty);
        });

    [Test]
    public void IssueHook_WhenClosed_IsIssueClosedKeyedByTheCloseTimeToTheSecond()
    {
        var signal = WebhookSignals.From(
            Hooks.Issue("sally", "close", "closed", "2026-11-22 02:40:05 UTC", closedAt: "2026-11-22 02:40:05 UTC"), Hooks.Rules).Single();

        Assert.Multiple(() =>
        {
            Assert.That(signal.Name, Is.EqualTo("gitlab.issue-closed"));
            Assert.That(signal.CorrelationKey, Is.EqualTo($"gitlab-issue:{Hooks.Project}:{Hooks.Iid}"));
            Assert.That(signal.DeliveryKey, Is.EqualTo($"gitlab:closed:{Hooks.Project}:{Hooks.Iid}:2026-11-22T02:40:05Z"));
            Assert.That(signal.Payload!.ToJsonString(), Is.EqualTo("""{"author":"sally","at":"2026-11-22T02:40:05+00:00"}"""), "GitLab's time of the close");
        });
    }

    [Test]
    public void IssueHook_WhenConfidentialAndReopened_IsIssueReopened()
    {
        var signal = WebhookSignals.From(
            Hooks.Issue("bob", "reopen", "opened", "2026-11-22T02:41:00.250Z", eventName: "Confidential Issue Hook"), Hooks.Rules).Single();

        Assert.Multiple(() =>
        {
            Assert.That(signal.Name, Is.EqualTo("gitlab.issue-reopened"));
            Assert.That(signal.DeliveryKey, Is.EqualTo($"gitlab:reopened:{Hooks.Project}:{Hooks.Iid}:2026-11-22T02:41:00Z"));
        });
    }

    [Test]
    public void IssueHook_WhenTheDescriptionChanges_CarriesTheNewDescription()
    {
        var signal = WebhookSignals.From(
            Hooks.Issue("alice", "update", "opened", "2026-11-22T02:42:00Z", newDescription: "| token | @alice |"), Hooks.Rules).Single();

        Assert.Multiple(() =>
        {
            Assert.That(signal.Name, Is.EqualTo("gitlab.issue-description"));
            Assert.That(signal.DeliveryKey, Is.EqualTo($"gitlab:description:{Hooks.Project}:{Hooks.Iid}:2026-11-22T02:42:00Z:74aebc0e14bd"));
            Assert.That(signal.Payload!.ToJsonString(), Is.EqualTo("""{"author":"alice","description":"| token | @alice |"}"""));
        });
    }

    [Test]
    public void IssueHook_WhenOnlyLabelsChange_IsNothing() =>
        Assert.That(WebhookSignals.From(Hooks.Issue("alice", "update", "opened", "2026-11-22T02:42:00Z"), Hooks.Rules), Is.Empty);

    [TestCase("2026-11-22 02:28:00 UTC")]
    [TestCase("2026-11-22T02:28:00Z")]
    [TestCase("2026-11-22T02:28:00.999Z")]
    [TestCase("2026-11-22T03:28:00.5+01:00")]
    public void HookTime_InEveryFormatGitLabWrites_StampsTheSame(string text) =>
        Assert.That(GitLabSignals.Stamp(GitLabHook.Time(text)!.Value), Is.EqualTo("2026-11-22T02:28:00Z"));

    [Test]
    public void Parse_WhenTheBodyIsNotJson_Throws() =>
        Assert.Throws<FormatException>(() => GitLabHook.Parse("Note Hook", "{not json"));

    [Test]
    public void Parse_WhenTheEventIsUnknown_IsOther() =>
        Assert.That(GitLabHook.Parse("Pipeline Hook", "{}").Event.Kind, Is.EqualTo(GitLabWebhookKind.Other));
}
