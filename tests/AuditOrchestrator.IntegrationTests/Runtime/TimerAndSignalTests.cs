using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Runtime;

public sealed class TimerAndSignalTests : RuntimeTest
{
    [Test]
    public async Task Wait72Hours_FastForwarded_FiresExactlyOnce()
    {
        // A witness started an hour earlier comes due within the same advance: once the sweep has fired it, the sweep
        // has looked at the clock past 71 hours, when the instance's timer would have fired too if it were due.
        var witness = await Host.Admin.StartInstanceAsync("wait-then-record");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(witness) == "waiting", Patience, "the witness waits");
        Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var id = await Host.Admin.StartInstanceAsync("wait-then-record");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "waiting", Patience, "the instance waits");
        Host.Clock.Advance(TimeSpan.FromHours(71));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(witness) == "completed", Patience, "the witness's timer fires");
        Assert.That(await Host.Admin.StatusAsync(id), Is.EqualTo("waiting"), "not due before 72 hours");

        Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "completed", Patience, "the timer fires and the instance completes");
        var detail = await Host.Admin.InstanceAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(detail.JournalCount("resumed"), Is.EqualTo(1));
            Assert.That(await Host.Database.ScalarAsync<int>($"SELECT executions FROM recorded_effects WHERE instance_id = '{id}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SignalBeforeTimeout_ResumesOnce_AndTheTimerNeverFiresAfterwards()
    {
        var id = await Host.Admin.StartInstanceAsync("signal-or-timeout");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "waiting", Patience, "the instance waits");
        // The witness's 72-hour timer comes due no earlier than the instance's timeout: once it fires, a sweep has
        // passed the moment the cancelled timeout would have fired.
        var witness = await Host.Admin.StartInstanceAsync("wait-then-record");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(witness) == "waiting", Patience, "the witness waits");

        var delivered = await Host.Admin.SignalAsync("answered", id.ToString(), payload: new { by = "alice" });

        Assert.That(delivered.Outcome, Is.EqualTo("resumed"));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "completed", Patience, "the signal resumes the instance");
        Host.Clock.Advance(TimeSpan.FromDays(4));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(witness) == "completed", Patience, "the witness's timer fires");
        var detail = await Host.Admin.InstanceAsync(id);
        var keys = await Host.Database.ScalarAsync<string>($"SELECT string_agg(split_part(key, ':', 4), ',') FROM recorded_effects WHERE instance_id = '{id}'");
        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.EqualTo("answered"));
            Assert.That(detail.JournalCount("resumed"), Is.EqualTo(1));
            Assert.That(detail.Signal("answered").Text("by"), Is.EqualTo("alice"));
        });
    }

    [Test]
    public async Task SameDeliveryTwice_ResumesOnce()
    {
        var id = await Host.Admin.StartInstanceAsync("signal-or-timeout");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "waiting", Patience, "the instance waits");

        var first = await Host.Admin.SignalAsync("answered", id.ToString(), deliveryKey: "gitlab-event-1");
        var second = await Host.Admin.SignalAsync("answered", id.ToString(), deliveryKey: "gitlab-event-1");

        Assert.That(first.Outcome, Is.EqualTo("resumed"));
        Assert.That(second.Outcome, Is.EqualTo("duplicate"));
        Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_inbox"), Is.EqualTo(1));
    }

    [Test]
    public async Task SignalThatArrivesBeforeItsBookmark_IsKeptAndResumesTheWaitAtOnce()
    {
        var key = $"early-{Guid.NewGuid():N}";
        var delivered = await Host.Admin.SignalAsync("answered", key);
        Assert.That(delivered.Outcome, Is.EqualTo("pending"));

        var id = await Host.Admin.StartInstanceAsync("signal-or-timeout", correlationKey: key);

        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "completed", Patience, "the kept signal resumes the instance");
        Assert.That(await Host.Database.ScalarAsync<string>($"SELECT split_part(key, ':', 4) FROM recorded_effects WHERE instance_id = '{id}'"), Is.EqualTo("answered"));
    }

    [Test]
    public async Task TwoHundredSignalsToTwoHundredWaitingInstances_SentAtOnce_LeaveNoBookmarkBehind()
    {
        var ids = await StartWaitingForAnAnswerAsync(200);

        var results = await Task.WhenAll(ids.Select(id => Host.Admin.SignalAsync("answered", id.ToString())));

        Assert.That(results.Count(r => r.Outcome == "resumed"), Is.EqualTo(200));
        await Eventually.HoldsAsync(
            async () => await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'completed'") == 200,
            TimeSpan.FromSeconds(60), "all 200 complete");
        Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_bookmarks WHERE kind = 'signal' AND consumed_at IS NULL"), Is.Zero);
        Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM recorded_effects WHERE executions = 1"), Is.EqualTo(200));
    }

    [Test]
    public async Task FiftyTimeoutsDueTogether_EachResumesOnceByItsTimer_AndItsSignalIsNoLongerAwaited()
    {
        var ids = await StartWaitingForAnAnswerAsync(50);

        Host.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1));

        await Eventually.HoldsAsync(
            async () => await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'completed'") == 50,
            TimeSpan.FromSeconds(60), "all 50 time out and complete");
        var late = await Task.WhenAll(ids.Take(5).Select(id => Host.Admin.SignalAsync("answered", id.ToString())));
        Assert.Multiple(async () =>
        {
            Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_bookmarks WHERE consumed_by = 'timer'"), Is.EqualTo(50));
            Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_bookmarks WHERE consumed_by = 'cancelled:timer'"), Is.EqualTo(50),
                "each wait's signal bookmark is cancelled with its timer");
            Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_journal WHERE kind = 'resumed'"), Is.EqualTo(50));
            Assert.That(await Host.Database.ScalarAsync<long>(
                "SELECT count(*) FROM recorded_effects WHERE executions = 1 AND split_part(key, ':', 4) = 'timed-out'"), Is.EqualTo(50));
            Assert.That(late.Select(r => r.Outcome), Is.All.Not.EqualTo("resumed"), "a signal after the timeout resumes nothing");
        });
    }

    private async Task<List<Guid>> StartWaitingForAnAnswerAsync(int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await Host.Admin.StartInstanceAsync("signal-or-timeout"));
        }
        await Eventually.HoldsAsync(
            async () => await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'waiting'") == count,
            TimeSpan.FromSeconds(60), $"all {count} wait");
        return ids;
    }
}
