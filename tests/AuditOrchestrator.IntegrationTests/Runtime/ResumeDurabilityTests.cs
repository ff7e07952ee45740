using System.Net;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Runtime;

/// <summary>What resumed a step stays with the instance until that step commits.</summary>
public sealed class ResumeDurabilityTests : RuntimeTest
{
    [Test]
    public async Task ResumedStepFailingTransiently_SeesItsAnswerOnEveryRetry_AndAfterAnOperatorRetry()
    {
        var id = await Host.Admin.StartInstanceAsync("resumed-then-flaky");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "waiting", Patience, "the step waits for its answer");

        await Host.Admin.SignalAsync("answered", id.ToString(), payload: new { by = "alice", body = "Fixed my account." });

        // Two attempts fail and fault the instance; an operator retries it; the third failure is retried automatically.
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) is "faulted" or "completed", Patience, "the step fails its attempts");
        Assert.That(await Host.Admin.StatusAsync(id), Is.EqualTo("faulted"), "without the answer the step would have waited again");
        var retry = await Host.Admin.PostAsync(new Uri($"/api/instances/{id}/actions/retry", UriKind.Relative), null);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) is "completed" or "waiting"
            && await Host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_journal WHERE instance_id = '{id}' AND kind = 'step-failed'") == 3,
            Patience, "the step runs to its end after the operator's retry");
        var detail = await Host.Admin.InstanceAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(detail.Instance.Status, Is.EqualTo("completed"), "the answer was not lost to a retry");
            Assert.That(detail.Signal("answered").Text("by"), Is.EqualTo("alice"));
            Assert.That(detail.JournalCount("waiting"), Is.EqualTo(1), "it never waited a second time");
            Assert.That(await Host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_instances WHERE id = '{id}' AND resume IS NULL"), Is.EqualTo(1),
                "the resume is cleared once the step commits");
        });
    }
}
