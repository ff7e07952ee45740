using System.Collections.Concurrent;
using System.Diagnostics;
using AuditOrchestrator.Engine.Telemetry;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>One trace from a GitLab answer (the webhook) through its stored delivery and inbox row to the steps and vendor calls.</summary>
public sealed class WebhookTraceTests
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private ActivityListener _tracer = null!;
    private FollowUpHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _spans.Clear();
        _tracer = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrchestratorTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_tracer);
        _host = await FollowUpHost.StartAsync(SmallTeam.Yaml);
        SmallTeam.SeedPagerDuty(_host.PagerDuty);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        _tracer.Dispose();
    }

    [Test]
    public async Task AnswerWebhook_OneTrace_FromTheRequestToTheSignalTheStepsAndTheirVendorCalls()
    {
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);
        _host.PagerDuty.AddToSchedule("PSCHED1", "PALICE1");

        await _host.ReplyAsync(iid, threads["alice"], "alice", "Added myself to the rotation.");
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "alice") == "addressed", TimeSpan.FromSeconds(60), "Alice's answer is re-checked");

        var signal = _spans.First(s => s.OperationName.StartsWith("signal ", StringComparison.Ordinal) && (string?)s.GetTagItem("signal.outcome") == "Resumed");
        var trace = _spans.Where(s => s.TraceId == signal.TraceId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(trace.Select(s => s.OperationName), Does.Contain("webhook receive"));
            Assert.That(trace.Select(s => s.OperationName), Does.Contain("webhook process"), "processing after the 200 continues the request's trace");
            Assert.That(trace.Where(s => s.OperationName.StartsWith("step ", StringComparison.Ordinal)), Is.Not.Empty, "the resumed steps join it");
            Assert.That(trace.Where(s => s.GetTagItem("vendor") is not null).Select(s => (string)s.GetTagItem("vendor")!), Does.Contain("PagerDuty"),
                "and the re-check's vendor calls");
        });
    }
}
