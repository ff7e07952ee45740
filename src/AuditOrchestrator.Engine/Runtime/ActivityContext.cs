using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Definitions;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>Everything a step sees while it runs: its settings, the instance's variables, the clock, and side effects.</summary>
public sealed class ActivityContext
{
    private readonly Func<string, CancellationToken, Task<JsonObject?>> _findEffect;
    private readonly Func<CancellationToken, Task<bool>> _holdsLease;
    private readonly Func<string, CancellationToken, Task<bool>> _startAttempt;
    private readonly List<PendingEffect> _effects = [];
    private readonly List<JournalEntry> _journal = [];

    internal ActivityContext(
        InstanceState instance,
        StepDefinition step,
        IServiceProvider services,
        TimeProvider clock,
        Func<string, CancellationToken, Task<JsonObject?>> findEffect,
        Func<CancellationToken, Task<bool>> holdsLease,
        Func<string, CancellationToken, Task<bool>> startAttempt,
        CancellationToken cancellationToken)
    {
        Instance = instance;
        Step = step;
        Services = services;
        Clock = clock;
        _findEffect = findEffect;
        _holdsLease = holdsLease;
        _startAttempt = startAttempt;
        CancellationToken = cancellationToken;
    }

    internal InstanceState Instance { get; }
    public Guid InstanceId => Instance.Id;
    public Guid? ParentId => Instance.ParentId;
    public string DefinitionId => Instance.DefinitionId;
    public string? CorrelationKey => Instance.CorrelationKey;
    public StepDefinition Step { get; }
    public JsonObject Variables => Instance.Variables;
    public ResumeInfo? Resume => Instance.Resume;
    public int Attempt => Instance.Attempt;
    public IServiceProvider Services { get; }
    public TimeProvider Clock { get; }
    public CancellationToken CancellationToken { get; }

    internal IReadOnlyList<PendingEffect> Effects => _effects;
    internal IReadOnlyList<JournalEntry> Journal => _journal;

    /// <summary>
    /// The idempotency key of a side effect of this step: the same on every retry of this visit of the step, different
    /// on the next visit. Outside systems use it to recognise a repeat (a hidden marker in a GitLab note, say).
    /// </summary>
    public string EffectKey(string name) => $"{Instance.Id:N}:{Instance.StepCount}:{Step.Id}:{name}";

    /// <summary>
    /// Runs <paramref name="effect"/> once per visit of this step. A retry after a crash first looks for the recorded
    /// result; when the crash came between the effect and the commit, the effect runs again with the same key, and
    /// must use it to find what it already did. It runs only while this node holds the instance's lease.
    /// </summary>
    public Task<JsonNode?> SideEffectAsync(string name, Func<string, CancellationToken, Task<JsonNode?>> effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return TrackedSideEffectAsync(name, (attempt, ct) => effect(attempt.Key, ct));
    }

    /// <summary>
    /// As <see cref="SideEffectAsync(string, Func{string, CancellationToken, Task{JsonNode}})"/>, and tells the effect
    /// whether an earlier attempt of it started (<see cref="EffectAttempt.MayHaveHappened"/>): only then can the
    /// outside system hold its result, so a first attempt acts without looking.
    /// </summary>
    public async Task<JsonNode?> TrackedSideEffectAsync(string name, Func<EffectAttempt, CancellationToken, Task<JsonNode?>> effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        var key = EffectKey(name);
        var recorded = _effects.FirstOrDefault(e => e.Key == key);
        if (recorded is not null)
        {
            return recorded.Result?.DeepClone();
        }
        if (await _findEffect(key, CancellationToken) is { } committed)
        {
            return committed["value"]?.DeepClone();
        }
        // Right before the effect: a node that lost its lease (taken over, or stalled past it) must not act twice
        // beside the node that took over. The token stops the effect itself when the lease runs out meanwhile.
        CancellationToken.ThrowIfCancellationRequested();
        if (!await _holdsLease(CancellationToken))
        {
            throw new LeaseLostException(Instance.Id, Step.Id);
        }
        var first = await _startAttempt(key, CancellationToken);
        var result = await effect(new EffectAttempt(key, MayHaveHappened: !first), CancellationToken);
        _effects.Add(new PendingEffect(key, result?.DeepClone()));
        _journal.Add(new JournalEntry("side-effect", Step.Id, null, new JsonObject { ["key"] = key, ["result"] = result?.DeepClone() }));
        return result;
    }

    /// <summary>Adds an entry to the instance's journal, written with the step's commit.</summary>
    public void Record(string kind, JsonObject? data = null, string? actor = null) => _journal.Add(new JournalEntry(kind, Step.Id, actor, data));
}

internal sealed record PendingEffect(string Key, JsonNode? Result);

/// <summary>
/// One attempt of a side effect: its idempotency key, and whether an earlier attempt started (and may have reached the
/// outside system before its node died or its answer was lost).
/// </summary>
public sealed record EffectAttempt(string Key, bool MayHaveHappened);

public sealed record JournalEntry(string Kind, string? StepId, string? Actor, JsonObject? Data);
