using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AuditOrchestrator.Engine.Telemetry;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>
/// One trace from a GitLab answer (the webhook's HTTP request) through its stored delivery and inbox row to the steps,
/// their database commands and vendor calls, as the service's own OpenTelemetry pipeline records it.
/// </summary>
public sealed class WebhookTraceTests
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _counts = new();
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
        // Added to the service's own tracer provider: it sees exactly the spans the service would export.
        _host = await SmallTeam.StartAsync(testServices: services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new Capture(_spans))));
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        _meters.Dispose();
    }

    [Test]
    public async Task AnswerWebhook_OneTrace_HoldsTheRequestSpan_ItsDatabaseCommands_TheResumedSteps_AndTheVendorCall()
    {
        var run = await _host.StartRunAsync();
        var (iid, threads) = await _host.FirstPingsAsync(run, 5);
        _host.PagerDuty.AddToSchedule("PSCHED1", "PALICE1");

        await _host.ReplyAsync(iid, threads["alice"], "alice", "Added myself to the rotation.");
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "alice") == "addressed", TimeSpan.FromSeconds(60), "Alice's answer is re-checked");

        List<Activity> trace = [];
        await Eventually.HoldsAsync(() =>
        {
            var signal = _spans.FirstOrDefault(s => s.OperationName.StartsWith("signal ", StringComparison.Ordinal) && (string?)s.GetTagItem("signal.outcome") == "Resumed");
            trace = signal is null ? [] : [.. _spans.Where(s => s.TraceId == signal.TraceId)];
            return Task.FromResult(trace.Any(IsPagerDutyCall) && trace.Any(IsWebhookRequest));
        }, TimeSpan.FromSeconds(30), "the resumed re-check's spans end");

        var request = trace.Single(IsWebhookRequest);
        Assert.Multiple(() =>
        {
            Assert.That(request.GetTagItem("webhook.outcome"), Is.EqualTo("accepted"), "the receiver tags the request's own span");
            Assert.That(trace.Where(s => s.Source.Name == "Npgsql" && s.ParentSpanId == request.SpanId), Is.Not.Empty,
                "storing the delivery is a database span under the request");
            Assert.That(trace.Select(s => s.OperationName), Does.Contain("webhook process"), "processing after the 200 continues the request's trace");
            Assert.That(trace.Where(s => s.OperationName.StartsWith("step ", StringComparison.Ordinal)), Is.Not.Empty, "the resumed steps join it");
            Assert.That(trace.Where(s => s.Source.Name == "Npgsql" && s.StartTimeUtc > request.StartTimeUtc + request.Duration), Is.Not.Empty,
                "and the steps' database commands");
            Assert.That(trace.Where(IsPagerDutyCall).Select(s => s.GetTagItem("vendor.attempt")), Is.All.GreaterThanOrEqualTo(1),
                "and the re-check's vendor call, an HTTP client span per attempt");
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

    private static bool IsWebhookRequest(Activity span) =>
        span.Kind == ActivityKind.Server && span.Source.Name == "Microsoft.AspNetCore" && (string?)span.GetTagItem("http.route") == "/webhooks/gitlab";

    private static bool IsPagerDutyCall(Activity span) =>
        span.Kind == ActivityKind.Client && span.Source.Name == "System.Net.Http" && (string?)span.GetTagItem("vendor") == "PagerDuty";

    private long Sum(string instrument, string tag, string value) =>
        _counts.Where(c => c.Instrument == instrument && Equals(c.Tags.GetValueOrDefault(tag), value)).Sum(c => c.Value);

    private sealed class Capture(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}
