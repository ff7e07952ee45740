using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Integrations.Alerts;
using AuditOrchestrator.Integrations.Workflows;

namespace AuditOrchestrator.Api.Runs;

/// <summary>A run as GET /api/runs/{id} shows it (design-brief §3), with its items and their counts per state; the list gives the counts only.</summary>
public sealed record RunView(
    Guid Id, string Audit, string Kind, string Period, string Status, string? Som, IssueView? Issue, IReadOnlyList<ItemView>? Items,
    IReadOnlyDictionary<string, int>? ItemStates = null, DateTimeOffset? CreatedAt = null)
{
    /// <summary>The run's open alerts (faulted or overdue steps); only on GET /api/runs/{id}.</summary>
    public IReadOnlyList<AlertView>? Alerts { get; init; }

    /// <summary>
    /// Why a manager should look at the run now, most urgent first: "faulted", "overdue" (a wait far past its time),
    /// "awaiting review", "N open alerts". Empty when nothing needs anyone.
    /// </summary>
    public IReadOnlyList<string> Attention { get; init; } = [];

    /// <summary>A designer's test run of the audit (simulated vendors only), not a real one; the list hides these unless asked.</summary>
    public bool Test { get; init; }

    /// <summary>The run actions that apply now (<see cref="ApplicableActions.ForRun"/>).</summary>
    public IReadOnlyList<string> Actions => ApplicableActions.ForRun(Status);
}

/// <summary>An open alert: what is wrong, where, since when, and who was told.</summary>
public sealed record AlertView(
    Guid Id, string Kind, Guid InstanceId, string? Step, string? Item, string Message, DateTimeOffset? DueAt, DateTimeOffset OpenedAt, IReadOnlyList<string> NotifiedTo)
{
    public static AlertView Of(RunAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new(alert.Id, alert.Kind, alert.InstanceId, alert.StepId, alert.ItemId, alert.Message, alert.DueAt, alert.OpenedAt, alert.DeliveredTo);
    }
}

public sealed record IssueView(long ProjectId, long Iid, string WebUrl);

public sealed record ItemView(string Id, Guid? InstanceId, string? Person, JsonArray Findings, string State, JsonArray Answers, TimerView? NextTimer)
{
    /// <summary>The item's follow-up: running, waiting, faulted, completed or cancelled; null before it starts.</summary>
    public string? Status { get; init; }

    /// <summary>The item actions that apply now (<see cref="ApplicableActions.ForItem"/>).</summary>
    public IReadOnlyList<string> Actions => ApplicableActions.ForItem(Status, State, NextTimer is not null);
}

public sealed record TimerView(DateTimeOffset DueAt, string Step);

/// <summary>Reads runs: the audit_runs row, the audit instance, and each item from its instance (a child, or a branch's child).</summary>
public sealed class RunReader(AuditRuns runs, InstanceQueries instances, RunAlertStore alerts, RunItemCounts itemCounts)
{
    /// <summary>
    /// The runs, newest first, each with its items counted by state; with <paramref name="person"/> only the runs with an
    /// item whose person (or item id) contains it, ignoring case.
    /// </summary>
    public async Task<IReadOnlyList<RunView>> ListAsync(string? audit, int limit, CancellationToken ct, string? person = null, bool tests = false)
    {
        var listed = await runs.ListAsync(audit, limit, ct);
        var ids = listed.Select(r => r.Id).ToList();
        if (!string.IsNullOrWhiteSpace(person))
        {
            var matching = await itemCounts.WithPersonAsync(ids, person.Trim(), ct);
            listed = [.. listed.Where(r => matching.Contains(r.Id))];
            ids = [.. listed.Select(r => r.Id)];
        }
        var states = ids.Count == 0 ? [] : await itemCounts.StatesAsync(ids, ct);
        var openAlerts = (ids.Count == 0 ? [] : await alerts.OpenAlertsAsync(null, ct)).ToLookup(a => a.RunId);
        var views = new List<RunView>();
        foreach (var run in listed)
        {
            var detail = await instances.GetAsync(run.Id, ct);
            if (!tests && IsTest(detail))
            {
                continue;
            }
            var view = View(run, detail, items: null) with { ItemStates = RunItemCounts.Count(states.GetValueOrDefault(run.Id)?.Values ?? Enumerable.Empty<string>()) };
            views.Add(view with { Attention = AttentionOf(view.Status, [.. openAlerts[run.Id]]) });
        }
        return views;
    }

    public async Task<RunView?> GetAsync(Guid id, CancellationToken ct)
    {
        var run = await runs.FindAsync(id, ct);
        if (run is null)
        {
            return null;
        }
        var detail = await instances.GetAsync(id, ct);
        var descendants = await RunDescendants.ReadAsync(instances, id, ct);
        var children = new Dictionary<string, InstanceDetail>(StringComparer.Ordinal);
        foreach (var child in descendants.Items)
        {
            if (RunDescendants.ItemId(child) is { } itemId)
            {
                children.TryAdd(itemId, child);
            }
        }
        var states = (await itemCounts.StatesAsync([id], ct))[id];
        string State(string itemId) => states.GetValueOrDefault(itemId) ?? "open";
        var items = new List<ItemView>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in (detail?.Variables["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var itemId = item["id"]?.GetValue<string>() ?? "";
            listed.Add(itemId);
            items.Add(ItemOf(item, children.GetValueOrDefault(itemId), State(itemId)));
        }
        // Items that came later than the audit's findings (the token review's rows) are listed after them.
        foreach (var (itemId, child) in children.Where(c => !listed.Contains(c.Key)))
        {
            items.Add(ItemOf((JsonObject)child.Variables["item"]!, child, State(itemId)));
        }
        var open = await alerts.OpenAlertsAsync(id, ct);
        return View(run, detail, items, descendants.AnyFaulted) with
        {
            Alerts = [.. open.Select(AlertView.Of)],
            ItemStates = RunItemCounts.Count(items.Select(i => i.State)),
            Attention = AttentionOf(StatusOf(detail, descendants.AnyFaulted), open),
        };
    }

    /// <summary>Why the run needs a look now: its status and its open alerts, in words for the dashboard.</summary>
    public static IReadOnlyList<string> AttentionOf(string status, IReadOnlyCollection<RunAlert> openAlerts)
    {
        ArgumentNullException.ThrowIfNull(openAlerts);
        var reasons = new List<string>();
        if (status == "faulted" || openAlerts.Any(a => a.Kind == AlertKinds.Faulted))
        {
            reasons.Add("faulted");
        }
        if (openAlerts.Any(a => a.Kind == AlertKinds.Overdue))
        {
            reasons.Add("overdue");
        }
        if (status == "awaiting-review")
        {
            reasons.Add("awaiting review");
        }
        if (openAlerts.Count > 0)
        {
            reasons.Add(openAlerts.Count == 1 ? "1 open alert" : $"{openAlerts.Count} open alerts");
        }
        return reasons;
    }

    /// <summary>The item's child instance, or null when the item is unknown or not followed up yet.</summary>
    public async Task<InstanceSummary?> FindItemInstanceAsync(Guid runId, string itemId, CancellationToken ct)
    {
        return (await RunDescendants.ReadAsync(instances, runId, ct)).Items.FirstOrDefault(d => RunDescendants.ItemId(d) == itemId)?.Instance;
    }

    /// <summary>
    /// The run's status from its audit instance: awaiting-review once the SOM has been asked (the instance keeps the
    /// review note), faulted when the instance or any item is.
    /// </summary>
    public static string StatusOf(InstanceDetail? detail, bool descendantFaulted = false) => detail?.Instance.Status switch
    {
        null => "running",
        "completed" => "completed",
        "cancelled" => "cancelled",
        "faulted" => "faulted",
        _ when descendantFaulted || detail.Children.Any(c => c.Status == "faulted") => "faulted",
        _ when detail.Variables["review"] is not null => "awaiting-review",
        _ => "running",
    };

    private static ItemView ItemOf(JsonObject item, InstanceDetail? child, string state)
    {
        var timer = child?.Bookmarks.Where(b => b.Kind == "timer" && b.ConsumedAt is null && b.DueAt is not null).MinBy(b => b.DueAt);
        return new ItemView(
            item["id"]?.GetValue<string>() ?? "",
            child?.Instance.Id,
            item["person"]?.GetValue<string>(),
            item["findings"]?.DeepClone().AsArray() ?? [],
            state,
            child?.Variables["answers"]?.DeepClone().AsArray() ?? [],
            timer is null ? null : new TimerView(timer.DueAt!.Value, timer.StepId)) { Status = child?.Instance.Status };
    }

    private static RunView View(AuditRun run, InstanceDetail? detail, IReadOnlyList<ItemView>? items, bool descendantFaulted = false) => new(
        run.Id, run.Audit, run.Kind, run.Period, StatusOf(detail, descendantFaulted), run.Som,
        run.Issue is null ? null : new IssueView(run.Issue.ProjectId, run.Issue.Iid, run.Issue.WebUrl),
        items, CreatedAt: run.CreatedAt) { Test = IsTest(detail) };

    private static bool IsTest(InstanceDetail? detail) => detail?.Variables["testRun"] is JsonValue v && v.TryGetValue<bool>(out var test) && test;
}
