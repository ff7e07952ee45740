using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace AuditOrchestrator.IntegrationTests.Runtime;

public sealed class OperatorActionTests : RuntimeTest
{
    [Test]
    public async Task FaultedStep_AfterItsRetries_IsRetriedByOperator_AndCompletes()
    {
        var id = await Host.Admin.StartInstanceAsync("flaky");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "faulted", Patience, "two failed attempts fault the instance");
        var faulted = await Host.Admin.InstanceAsync(id);
        Assert.That(faulted.Instance.Incident.Text("step"), Is.EqualTo("flaky"));

        var retry = await Host.Admin.PostAsync(new Uri($"/api/instances/{id}/actions/retry", UriKind.Relative), null);

        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "completed", Patience, "the retried step succeeds (third failure, then success)");
        var detail = await Host.Admin.InstanceAsync(id);
        Assert.That(detail.Journal.Count(e => e.Kind == "operator-action"
            && e.Actor == "bootstrap-admin"), Is.EqualTo(1));
        var again = await Host.Admin.PostAsync(new Uri($"/api/instances/{id}/actions/retry", UriKind.Relative), null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "nothing to retry once completed");
    }

    [Test]
    public async Task CancellingParent_CancelsItsChildren()
    {
        var items = new JsonArray(new JsonObject { ["n"] = 1 }, new JsonObject { ["n"] = 2 });
        var parent = await Host.Admin.StartInstanceAsync("fan-out", new JsonObject { ["items"] = items });
        await Eventually.HoldsAsync(async () => (await Host.Admin.InstanceAsync(parent)).Children.Count == 2
            && await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'waiting'") == 3, Patience, "two children wait");

        var cancel = await Host.Admin.PostAsync(new Uri($"/api/instances/{parent}/actions/cancel", UriKind.Relative), null);

        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.Multiple(async () =>
        {
            Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'cancelled'"), Is.EqualTo(3));
            Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_bookmarks WHERE consumed_at IS NULL"), Is.Zero);
        });
    }

    [Test]
    public async Task FanOut_ResumesParentOnlyWhenEveryChildHasFinished()
    {
        var items = new JsonArray(new JsonObject { ["n"] = 1 }, new JsonObject { ["n"] = 2 }, new JsonObject { ["n"] = 3 });
        var parent = await Host.Admin.StartInstanceAsync("fan-out", new JsonObject { ["items"] = items });
        await Eventually.HoldsAsync(async () => await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'waiting'") == 4,
            Patience, "parent and three children wait");
        var children = (await Host.Admin.InstanceAsync(parent)).Children.Select(c => c.Id).ToList();

        await Host.Admin.SignalAsync("answered", children[0].ToString());
        await Host.Admin.SignalAsync("answered", children[1].ToString());
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(children[1]) == "completed", Patience, "second child completes");
        Assert.That(await Host.Admin.StatusAsync(parent), Is.EqualTo("waiting"), "one child is still open");

        await Host.Admin.SignalAsync("answered", children[2].ToString());

        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(parent) == "completed", Patience, "the parent joins");
        var detail = await Host.Admin.InstanceAsync(parent);
        Assert.That(detail.Variables["children"]!.AsArray().Count, Is.EqualTo(3));
    }

    [Test]
    public async Task Branches_RunEachFlowWithTheSharedVariables_AndJoinWhenBothHaveFinished()
    {
        var parent = await Host.Admin.StartInstanceAsync("branches", new JsonObject { ["note"] = "shared", ["private"] = "kept" });
        await Eventually.HoldsAsync(async () => await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'waiting'") == 3,
            Patience, "the parent and one child per flow wait");
        var children = (await Host.Admin.InstanceAsync(parent)).Children.ToList();
        var answering = children.Single(c => c.DefinitionId == "signal-or-timeout").Id;
        var detail = await Host.Admin.InstanceAsync(answering);
        Assert.That(detail.Variables.Text("note"), Is.EqualTo("shared"));
        Assert.That(detail.Variables.ContainsKey("private"), Is.False, "only the shared variables are copied");

        await Host.Admin.SignalAsync("answered", answering.ToString());
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(answering) == "completed", Patience, "the answered flow ends");
        Assert.That(await Host.Admin.StatusAsync(parent), Is.EqualTo("waiting"), "the other flow still waits");

        Host.Clock.Advance(TimeSpan.FromHours(73));

        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(parent) == "completed", Patience, "the parent joins both flows");
        Assert.Multiple(async () =>
        {
            Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_bookmarks WHERE consumed_at IS NULL"), Is.Zero);
            Assert.That(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_effects WHERE key LIKE '%joined%'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SkipWait_FiresTheTimerNow_ExtendWait_MovesItLater()
    {
        var skipped = await Host.Admin.StartInstanceAsync("wait-then-record");
        var extended = await Host.Admin.StartInstanceAsync("wait-then-record");
        // Left alone, the witness's timer fires after 72 hours: once it has, the extended one would have fired too.
        var witness = await Host.Admin.StartInstanceAsync("wait-then-record");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(skipped) == "waiting" && await Host.Admin.StatusAsync(extended) == "waiting"
            && await Host.Admin.StatusAsync(witness) == "waiting", Patience, "all three wait");

        var skip = await Host.Admin.PostAsync(new Uri($"/api/instances/{skipped}/actions/skip-wait", UriKind.Relative), null);
        var extend = await Host.Admin.PostAsJsonAsync($"/api/instances/{extended}/actions/extend-wait", new { by = "1.00:00:00" });

        Assert.That(skip.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(extend.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(skipped) == "completed", Patience, "the skipped wait ends");
        Host.Clock.Advance(TimeSpan.FromHours(73));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(witness) == "completed", Patience, "the witness's timer fires");
        Assert.That(await Host.Admin.StatusAsync(extended), Is.EqualTo("waiting"), "72 h is no longer enough");
        Host.Clock.Advance(TimeSpan.FromHours(24));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(extended) == "completed", Patience, "the extended wait ends");
    }

    [TestCase("-1.00:00:00", "more than 0")]
    [TestCase("00:00:00", "more than 0")]
    [TestCase("184.00:00:00", "at most 183 days")]
    [TestCase("10675199.02:48:05.4775807", "at most 183 days")]
    [TestCase("99999999.00:00:00", "a duration like")]
    [TestCase("a week", "a duration like")]
    [TestCase(null, "a duration like")]
    public async Task ExtendWait_ByANonsensicalDuration_Is400WithTheReason_AndTheTimerIsUntouched(string? by, string reason)
    {
        var id = await Host.Admin.StartInstanceAsync("wait-then-record");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "waiting", Patience, "it waits");
        var dueBefore = await Host.Database.ScalarAsync<DateTime>($"SELECT due_at FROM workflow_bookmarks WHERE instance_id = '{id}' AND kind = 'timer'");

        var extend = await Host.Admin.PostAsJsonAsync($"/api/instances/{id}/actions/extend-wait", new { by });

        Assert.That(extend.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await extend.Content.ReadAsync<ProblemDetails>()).Detail, Does.Contain(reason));
        Assert.That(await Host.Database.ScalarAsync<DateTime>($"SELECT due_at FROM workflow_bookmarks WHERE instance_id = '{id}' AND kind = 'timer'"),
            Is.EqualTo(dueBefore));
        Assert.That(await Host.Admin.StatusAsync(id), Is.EqualTo("waiting"));
    }

    [Test]
    public async Task Actions_OnUnknownInstance_Are404_AndOnFinishedOne_Are409()
    {
        var unknown = await Host.Admin.PostAsync(new Uri($"/api/instances/{Guid.NewGuid()}/actions/skip-wait", UriKind.Relative), null);
        var id = await Host.Admin.StartInstanceAsync("multi-step");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "waiting", Patience, "waits a second");
        Host.Clock.Advance(TimeSpan.FromSeconds(2));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "completed", Patience, "completes");

        var late = await Host.Admin.PostAsync(new Uri($"/api/instances/{id}/actions/cancel", UriKind.Relative), null);

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }
}
