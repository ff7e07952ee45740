using System.Diagnostics;
using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Clock;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>Runs one claimed instance: its steps in memory until it must wait, ends or yields, then one commit.</summary>
public sealed partial class InstanceRunner(
    InstanceStore store,
    DefinitionCache definitions,
    ActivityCatalog activities,
    TimerScheduleQueue timerQueue,
    ExecutorWakeUp wakeUp,
    IServiceProvider services,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ExecutorOptions> options,
    ILogger<InstanceRunner> logger)
{
    // Rounds one claim may run back to back (committing after each) before the instance goes back to the queue.
    private const int MaxRoundsPerClaim = 50;

    internal async Task RunAsync(InstanceState instance, string node, int maxSteps, CancellationToken ct)
    {
        // Every line logged while this instance runs (ours, the activities', the HTTP clients') carries its ids.
        using var scope = logger.BeginScope(RunScope.Of(instance, services.GetService<RunScope.RunOfVariables>()));
        var definition = await definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        for (var round = 1; ; round++)
        {
            var plan = await RunRoundAsync(instance, node, definition, maxSteps, ct);
            // An instance that yielded only to commit goes on here, under the same lease: no trip through the queue.
            var goOn = plan.Status == InstanceStatus.Running && plan.RunAfter <= clock.GetUtcNow()
                && round < MaxRoundsPerClaim && !ct.IsCancellationRequested;
            var committed = await store.CommitAsync(instance, node, plan with { KeepLease = goOn }, CancellationToken.None);
            if (!committed.Committed)
            {
                logger.LogWarning("Instance {InstanceId} was taken over by another node; this run is discarded", instance.Id);
                return;
            }
            timerQueue.Enqueue(committed.Timers);
            RecordFinished(instance, plan.Status);
            if (goOn)
            {
                instance.Revision++;
                continue;
            }
            if (committed.RunsAgain || committed.StartedChildren.Count > 0 || plan.Status == InstanceStatus.Running)
            {
                wakeUp.Wake();
            }
            return;
        }
    }

    /// <summary>Runs steps in memory until the instance waits, ends, faults or has taken <paramref name="maxSteps"/>.</summary>
    private async Task<CommitPlan> RunRoundAsync(InstanceState instance, string node, WorkflowDefinition definition, int maxSteps, CancellationToken ct)
    {
        var journal = new List<JournalEntry>();
        var effects = new List<PendingEffect>();
        var resumedBy = TraceOf(instance.Resume);
        for (var steps = 0; ; steps++)
        {
            if (instance.CurrentStep is null || !definition.TryGetStep(instance.CurrentStep, out var step))
            {
                return Fault(instance, journal, effects, instance.CurrentStep ?? "(none)", $"Step '{instance.CurrentStep}' does not exist in version {instance.DefinitionVersion}.");
            }
            if (steps >= maxSteps)
            {
                // Yield so one busy instance cannot starve the others; it is runnable again at once.
                return new CommitPlan(InstanceStatus.Running, step.Id, clock.GetUtcNow(), null, null, journal, effects, null);
            }

            var revision = instance.Revision;
            var context = new ActivityContext(instance, step, services, clock, store.FindEffectAsync,
                check => store.HoldsLeaseAsync(instance.Id, node, revision, options.Value.LeaseMargin, check),
                (key, attempt) => store.StartEffectAttemptAsync(instance.Id, key, attempt), ct);
            ActivityResult result;
            var started = Stopwatch.GetTimestamp();
            using (var span = StartStepSpan(instance, step, resumedBy))
            {
                try
                {
                    result = await activities.Get(step.Activity).ExecuteAsync(context);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && e is not LeaseLostException)
                {
                    span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
                    RecordStep(step, "failed", started);
                    journal.AddRange(context.Journal);
                    effects.AddRange(context.Effects);
                    return Failed(instance, step, e, journal, effects);
                }
                var kind = result is ActivityResult.Suspended ? "suspended" : "completed";
                span?.SetTag("outcome", kind);
                RecordStep(step, kind, started);
                LogStep(logger, step.Id, step.Activity, kind, null);
            }
            journal.AddRange(context.Journal);
            effects.AddRange(context.Effects);

            if (result is ActivityResult.Suspended suspended)
            {
                // The step has taken what resumed it; it now waits for something new.
                instance.Resume = null;
                var wait = await PlanWaitAsync(instance, step, suspended, ct);
                return new CommitPlan(InstanceStatus.Waiting, step.Id, null, null, null, journal, effects, wait);
            }

            var outcome = ((ActivityResult.Completed)result).Outcome;
            journal.Add(new JournalEntry("step-completed", step.Id, null, new JsonObject { ["outcome"] = outcome, ["activity"] = step.Activity }));
            instance.StepCount++;
            instance.Attempt = 0;
            instance.Resume = null;
            var next = step.NextFor(outcome);
            if (next is null)
            {
                journal.Add(new JournalEntry("completed", step.Id, null, new JsonObject { ["outcome"] = outcome }));
                return new CommitPlan(InstanceStatus.Completed, null, null, outcome, null, journal, effects, null);
            }
            instance.CurrentStep = next;
        }
    }

    private static void RecordStep(StepDefinition step, string outcome, long started) =>
        OrchestratorTelemetry.StepDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            OrchestratorTelemetry.Tags("activity", step.Activity, "outcome", outcome));

    private static void RecordFinished(InstanceState instance, InstanceStatus status)
    {
        if (instance.ParentId is null && status is InstanceStatus.Completed or InstanceStatus.Faulted or InstanceStatus.Cancelled)
        {
            OrchestratorTelemetry.RunsFinished.Add(1, OrchestratorTelemetry.Tags("audit", instance.DefinitionId, "status", status.ToString().ToLowerInvariant()));
        }
    }

    /// <summary>The trace of the signal that resumed this round (kept on its inbox row), if it was traced.</summary>
    private static System.Diagnostics.ActivityContext TraceOf(ResumeInfo? resume) =>
        resume?.TraceParent is { } traceParent && System.Diagnostics.ActivityContext.TryParse(traceParent, null, out var context) ? context : default;

    /// <summary>A span per step; the steps a signal resumed continue the trace of the webhook that sent it.</summary>
    private static Activity? StartStepSpan(InstanceState instance, StepDefinition step, System.Diagnostics.ActivityContext resumedBy)
    {
        var parent = resumedBy != default ? resumedBy : Activity.Current?.Context ?? default;
        var span = OrchestratorTelemetry.Source.StartActivity($"step {step.Activity}", ActivityKind.Internal, parent);
        span?.SetTag("instance.id", instance.Id);
        span?.SetTag("step.id", step.Id);
        span?.SetTag("step.activity", step.Activity);
        return span;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Step {Step} ({Activity}) {Outcome}")]
    private static partial void LogStep(ILogger logger, string step, string activity, string outcome, Exception? error);

    private async Task<WaitPlan> PlanWaitAsync(InstanceState instance, StepDefinition step, ActivityResult.Suspended suspended, CancellationToken ct)
    {
        var children = new List<NewInstance>();
        foreach (var fanOut in suspended.Bookmarks.OfType<BookmarkRequest.Children>())
        {
            var version = await definitions.ActiveVersionAsync(fanOut.DefinitionId, ct)
                ?? throw new InvalidOperationException($"Child definition '{fanOut.DefinitionId}' has no published version.");
            var child = await definitions.GetAsync(fanOut.DefinitionId, version, ct);
            var now = clock.GetUtcNow();
            children.AddRange(fanOut.ChildVariables.Select(variables =>
                new NewInstance(Guid.CreateVersion7(now), child.Id, version, child.Start, variables, instance.Id,
                    variables["correlationKey"]?.GetValue<string>())));
        }
        return new WaitPlan(step.Id, suspended.Bookmarks, children);
    }

    /// <summary>Retry with exponential backoff and jitter (the step's retry.* settings), then fault with an incident.</summary>
    private CommitPlan Failed(InstanceState instance, StepDefinition step, Exception error, List<JournalEntry> journal, List<PendingEffect> effects)
    {
        var maxAttempts = step.FindSetting(RetrySettings.MaxAttempts)?.AsInt() ?? RetrySettings.DefaultMaxAttempts;
        var attempt = instance.Attempt + 1;
        journal.Add(new JournalEntry("step-failed", step.Id, null, new JsonObject
        {
            ["attempt"] = attempt,
            ["error"] = error.GetType().Name,
            ["message"] = error.Message,
        }));
        if (attempt >= maxAttempts)
        {
            instance.Attempt = attempt;
            return Fault(instance, journal, effects, step.Id, error.Message);
        }
        var initial = step.FindDuration(RetrySettings.InitialDelay) ?? RetrySettings.DefaultInitialDelay;
        var max = step.FindDuration(RetrySettings.MaxDelay) ?? RetrySettings.DefaultMaxDelay;
        var backoff = TimeSpan.FromTicks(Math.Min(max.Ticks, initial.Ticks * (1L << Math.Min(attempt - 1, 30))));
        var jittered = backoff * (0.5 + Random.Shared.NextDouble() / 2);
        // Retries against vendors are operational: real time, even on a sped-up clock.
        var delay = clock is ServiceClock scaled ? scaled.ToSimulated(jittered) : jittered;
        logger.LogWarning("Step {Step} of instance {InstanceId} failed (attempt {Attempt} of {Max}): {Error}; retrying in {Delay}",
            step.Id, instance.Id, attempt, maxAttempts, error.Message, jittered);
        instance.Attempt = attempt;
        return new CommitPlan(InstanceStatus.Running, step.Id, clock.GetUtcNow() + delay, null, null, journal, effects, null);
    }

    private CommitPlan Fault(InstanceState instance, List<JournalEntry> journal, List<PendingEffect> effects, string stepId, string message)
    {
        var incident = new JsonObject
        {
            ["step"] = stepId,
            ["message"] = message,
            ["attempts"] = instance.Attempt,
            ["at"] = clock.GetUtcNow(),
        };
        journal.Add(new JournalEntry("faulted", stepId, null, incident.DeepClone().AsObject()));
        logger.LogError("Instance {InstanceId} faulted at step {Step}: {Error}", instance.Id, stepId, message);
        return new CommitPlan(InstanceStatus.Faulted, stepId, null, null, incident, journal, effects, null);
    }
}
