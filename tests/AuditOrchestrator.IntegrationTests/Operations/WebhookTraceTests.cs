using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AuditOrchestrator.Engine.Telemetry;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>One trace from a GitLab answer (the webhook) through its stored delivery and inbox row to the steps and vendor calls.</summary>
public sealed class WebhookTraceTests
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _counts = new();
    private ActivityListener _tracer = null!;
    private MeterListener _meters = null!;
    private FollowUpHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _spans.Clear();
        _counts.Clear();
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == OrchestratorTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => _counts.Enqueue((i.Name, v, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _meters.Start();
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
        _meters.Dispose();
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

    [Test]
    public async Task Audit_CountsItsRunPingsWebhookDeliveriesAndVendorCalls()
    {
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);
        await _host.ReplyAsync(iid, threads["alice"], "alice", "Looking into it.");
        await Eventually.HoldsAsync(() => Task.FromResult(Sum("auditorchestrator.signals", "outcome", "resumed") >= 1), TimeSpan.FromSeconds(60), "the answer is matched");

        Assert.Multiple(() =>
        {
            Assert.That(Sum("auditorchestrator.runs.started", "audit", "pagerduty"), Is.EqualTo(1));
            Assert.That(Sum("auditorchestrator.pings", "whom", "person"), Is.EqualTo(5), "one first ping per item");
            Assert.That(Sum("auditorchestrator.webhook.deliveries", "outcome", "accepted"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Sum("auditorchestrator.vendor.calls", "vendor", "PagerDuty"), Is.GreaterThanOrEqualTo(2), "the audit and the re-check");
            Assert.That(Sum("auditorchestrator.vendor.calls", "vendor", "GitLab"), Is.GreaterThanOrEqualTo(6), "the issue and its threads");
        });
    }

    private long Sum(string instrument, string tag, string value) =>
        _counts.Where(c => c.Instrument == instrument && Equals(c.Tags.GetValueOrDefault(tag), value)).Sum(c => c.Value);
}
