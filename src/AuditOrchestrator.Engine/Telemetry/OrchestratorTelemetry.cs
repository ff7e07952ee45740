using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AuditOrchestrator.Engine.Telemetry;

/// <summary>
/// The service's one Meter and one ActivitySource, both named "AuditOrchestrator" (watch them with
/// <c>dotnet-counters monitor --counters AuditOrchestrator</c>, or over OTLP). Instruments are static: the names are
/// the contract, and every part of the service records into the same ones.
/// </summary>
public static class OrchestratorTelemetry
{
    public const string Name = "AuditOrchestrator";

    public static readonly Meter Meter = new(Name, "1.0");
    public static readonly ActivitySource Source = new(Name, "1.0");

    /// <summary>Tags: audit, kind (scheduled|manual).</summary>
    public static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>(
        "auditorchestrator.runs.started", "{run}", "Audit runs started");

    /// <summary>Tags: audit (the run's definition), status (completed|faulted|cancelled). A run is a root instance.</summary>
    public static readonly Counter<long> RunsFinished = Meter.CreateCounter<long>(
        "auditorchestrator.runs.finished", "{run}", "Runs (root workflow instances) that reached an end state");

    /// <summary>Tags: whom (person|again|manager|som|…).</summary>
    public static readonly Counter<long> Pings = Meter.CreateCounter<long>(
        "auditorchestrator.pings", "{ping}", "Pings posted on audit issues, by whom they address");

    /// <summary>Tags: whom (manager|som). Escalations are also counted in pings.</summary>
    public static readonly Counter<long> Escalations = Meter.CreateCounter<long>(
        "auditorchestrator.escalations", "{escalation}", "Follow-ups escalated past the person");

    /// <summary>Tags: outcome (accepted|duplicate|ignored|unauthorized|malformed|too-large).</summary>
    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "auditorchestrator.webhook.deliveries", "{delivery}", "GitLab webhook deliveries received, by outcome");

    /// <summary>Tags: signal, outcome (resumed|pending|duplicate).</summary>
    public static readonly Counter<long> Signals = Meter.CreateCounter<long>(
        "auditorchestrator.signals", "{signal}", "Signals delivered to the inbox, by what they matched");

    /// <summary>Tags: fired_by (timer|timer:reconciler|…).</summary>
    public static readonly Counter<long> TimersFired = Meter.CreateCounter<long>(
        "auditorchestrator.timers.fired", "{timer}", "Timer bookmarks consumed");

    /// <summary>How long after its due time a timer fired, on the service clock (simulated seconds on a sped-up clock).</summary>
    public static readonly Histogram<double> TimerLateness = Meter.CreateHistogram<double>(
        "auditorchestrator.timers.lateness", "s", "Service-clock seconds between a timer's due time and its firing");

    /// <summary>Tags: activity, outcome (completed|suspended|failed). Real time the step's code ran.</summary>
    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "auditorchestrator.step.duration", "s", "Wall-clock seconds one step's activity took");

    /// <summary>Tags: audit, outcome (ran: a re-check ran a vendor pass; shared: it reused another re-check's pass).</summary>
    public static readonly Counter<long> RecheckPasses = Meter.CreateCounter<long>(
        "auditorchestrator.recheck.passes", "{recheck}", "Re-checks, by whether they ran a vendor pass or shared one");

    /// <summary>Tags: vendor, status (HTTP status code, or "error" when no answer came).</summary>
    public static readonly Counter<long> VendorCalls = Meter.CreateCounter<long>(
        "auditorchestrator.vendor.calls", "{call}", "Vendor API calls (after retries), by final status");

    /// <summary>Tags: vendor, reason (HTTP status code or the exception).</summary>
    public static readonly Counter<long> VendorRetries = Meter.CreateCounter<long>(
        "auditorchestrator.vendor.retries", "{retry}", "Vendor API attempts that were retried");

    public static TagList Tags(string key, object? value) => new() { { key, value } };

    public static TagList Tags(string key1, object? value1, string key2, object? value2) => new() { { key1, value1 }, { key2, value2 } };
}
