using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AuditOrchestrator.Engine.Telemetry;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>The Meter and the ActivitySource, listened to in-process while the real service runs workflows.</summary>
public sealed class TelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private MeterListener _meters = null!;
    private ActivityListener _tracer = null!;
    private RuntimeHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        // NUnit runs every test of a fixture on one instance: start each from empty.
        _measurements.Clear();
        _spans.Clear();
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
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meters.Start();
        _tracer = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrchestratorTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_tracer);
        _host = await RuntimeHost.StartAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        _meters.Dispose();
        _tracer.Dispose();
    }

    [Test]
    public async Task WorkflowRun_RecordsStepDurations_TimerFiringAndLateness_SignalsAndRunsFinished()
    {
        var timed = await _host.Admin.StartInstanceAsync("wait-then-record");
        var signalled = await _host.Admin.StartInstanceAsync("signal-or-timeout");
        await Eventually.HoldsAsync(async () => await _host.Admin.StatusAsync(timed) == "waiting"
            && await _host.Admin.StatusAsync(signalled) == "waiting", Patience, "both instances wait");

        await _host.Admin.SignalAsync("answered", signalled.ToString());
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(async () => await _host.Admin.StatusAsync(timed) == "completed"
            && await _host.Admin.StatusAsync(signalled) == "completed", Patience, "both instances complete");

        Assert.Multiple(() =>
        {
            Assert.That(Values("auditorchestrator.step.duration", "activity", "Wait"), Is.Not.Empty.And.All.GreaterThanOrEqualTo(0));
            Assert.That(Values("auditorchestrator.step.duration", "activity", "RecordEffect"), Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(Values("auditorchestrator.timers.fired", "fired_by", "timer").Concat(Values("auditorchestrator.timers.fired", "fired_by", "timer:reconciler")).Sum(),
                Is.GreaterThanOrEqualTo(1));
            Assert.That(Values("auditorchestrator.timers.lateness"), Is.Not.Empty.And.All.GreaterThanOrEqualTo(0).And.All.LessThan(TimeSpan.FromHours(1).TotalSeconds),
                "service-clock seconds past the due time");
            Assert.That(Values("auditorchestrator.signals", "outcome", "resumed").Sum(), Is.EqualTo(1));
            Assert.That(Values("auditorchestrator.runs.finished", "audit", "wait-then-record").Sum(), Is.EqualTo(1));
            Assert.That(Values("auditorchestrator.runs.finished", "audit", "signal-or-timeout").Sum(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SignalledStep_ContinuesTheTraceOfItsSignal_ThroughTheInboxRow()
    {
        var id = await _host.Admin.StartInstanceAsync("signal-or-timeout");
        await Eventually.HoldsAsync(async () => await _host.Admin.StatusAsync(id) == "waiting", Patience, "the instance waits");

        await _host.Admin.SignalAsync("answered", id.ToString());
        await Eventually.HoldsAsync(async () => await _host.Admin.StatusAsync(id) == "completed", Patience, "the signal resumes it");

        var signal = _spans.Single(s => s.OperationName == "signal answered" && (string?)s.GetTagItem("signal.key") == id.ToString());
        var resumed = _spans.Where(s => s.OperationName.StartsWith("step ", StringComparison.Ordinal) && Equals(s.GetTagItem("instance.id"), id)
            && s.StartTimeUtc >= signal.StartTimeUtc).ToList();
        var stored = await _host.Database.ScalarAsync<string>($"SELECT trace_parent FROM workflow_inbox WHERE correlation_key = '{id}'");
        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EqualTo(signal.Id), "the inbox row keeps the signal's trace context");
            Assert.That(resumed.Select(s => s.OperationName), Is.SupersetOf(new[] { "step WaitForSignal", "step RecordEffect" }));
            Assert.That(resumed.Select(s => s.TraceId), Is.All.EqualTo(signal.TraceId), "the resumed steps continue the signal's trace");
        });
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct =>
        _measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
            tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    private List<double> Values(string instrument, string? tag = null, string? value = null) =>
        [.. _measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Select(m => m.Value)];
}
