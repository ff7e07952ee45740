using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Alerts;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Api.Runs;

/// <summary>A run as GET /api/runs/{id} shows it (README, "Runs"), with its items and their counts per state; the list gives the counts only.</summary>
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

    /// <summary>How many items the run has (GET /api/runs/{id} pages them); only on GET /api/runs/{id}.</summary>
    public int? ItemCount { get; init; }

    /// <summary>The <c>itemOffset</c> of the next page of items, null on the last page.</summary>
    public int? NextItemOffset { get; init; }

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

/// <summary>An item's next timer: when it ends, and the waiting step by id and by its label in the definition.</summary>
public sealed record TimerView(DateTimeOffset DueAt, string Step, string StepLabel);

/// <summary>Reads runs: the audit_runs row, the audit instance, and each item from its instance (a child, or a branch's child).</summary>
public sealed class RunReader(
    AuditRuns runs, InstanceQueries instances, RunAlertStore alerts, RunItemCounts itemCounts, RunList list, DefinitionCache definitions)
{
    /// <summary>
    /// A page of runs, newest first, each with its items counted by state (counted by the database: no item, journal or
    /// instance detail is read for a list); with a person only the runs with an item whose person (or item id) contains
    /// it, ignoring case.
    /// </summary>
    public async Task<(IReadOnlyList<RunView> Runs, string? Next)> ListAsync(RunListFilter filter, CancellationToken ct)
    {
        var page = await list.PageAsync(filter, ct);
        var ids = page.Runs.Select(r => r.Run.Id).ToList();
        var counts = ids.Count == 0 ? [] : await itemCounts.CountsAsync(ids, ct);
        var openAlerts = (ids.Count == 0 ? [] : await alerts.OpenAlertsAsync(null, ct)).ToLookup(a => a.RunId);
        var views = page.Runs.Select(listed =>
        {
            var status = StatusOf(listed.InstanceStatus, listed.ChildFaulted, listed.ReviewRequested);
            var view = View(listed.Run, status, items: null, listed.Test) with { ItemStates = counts.GetValueOrDefault(listed.Run.Id) ?? [] };
            return view with { Attention = AttentionOf(status, [.. openAlerts[listed.Run.Id]]) };
        }).ToList();
        return (views, page.Next);
    }

    /// <summary>
    /// The run with its items from <paramref name="itemOffset"/>, at most <paramref name="itemLimit"/> of them (all by
    /// default: the evidence pack needs every item); <c>itemStates</c> and <c>itemCount</c> always cover every item.
    /// </summary>
    public async Task<RunView?> GetAsync(Guid id, CancellationToken ct, int itemOffset = 0, int itemLimit = int.MaxValue)
    {
        var run = await runs.FindAsync(id, ct);
        if (run is null)
        {
            return null;
        }
        var detail = await instances.GetAsync(id, ct);
        var descendants = await RunDescendants.ReadAsync(instances, id, ct);
        var children = new Dictionary<string, InstanceWithVariables>(StringComparer.Ordinal);
        foreach (var child in descendants.Items)
        {
            if (RunDescendants.ItemId(child) is { } itemId)
            {
                children.TryAdd(itemId, child);
            }
        }
        var states = (await itemCounts.StatesAsync([id], ct))[id];
        string State(string itemId) => states.GetValueOrDefault(itemId) ?? ItemStates.Open;
        var all = new List<(JsonObject Item, InstanceWithVariables? Child, string State)>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in (detail?.State().Items ?? []).OfType<JsonObject>())
        {
            var itemId = item["id"]?.GetValue<string>() ?? "";
            listed.Add(itemId);
            all.Add((item, children.GetValueOrDefault(itemId), State(itemId)));
        }
        // Items that came later than the audit's findings (the token review's rows) are listed after them.
        foreach (var (itemId, child) in children.Where(c => !listed.Contains(c.Key)))
        {
            all.Add((child.State().Item!, child, State(itemId)));
        }
        var page = all.Skip(Math.Max(itemOffset, 0)).Take(Math.Max(itemLimit, 0)).ToList();
        var timers = await instances.OpenTimersAsync([.. page.Where(p => p.Child is not null).Select(p => p.Child!.Instance.Id)], ct);
        var flows = new Dictionary<(string, int), WorkflowDefinition?>();
        foreach (var flow in page.Where(p => p.Child is not null).Select(p => (p.Child!.Instance.DefinitionId, p.Child.Instance.DefinitionVersion)).Distinct())
        {
            flows[flow] = await definitions.FindAsync(flow.DefinitionId, flow.DefinitionVersion, ct);
        }
        var items = page.Select(p => ItemOf(p.Item, p.Child, p.State, p.Child is null ? [] : timers[p.Child.Instance.Id],
            p.Child is null ? null : flows[(p.Child.Instance.DefinitionId, p.Child.Instance.DefinitionVersion)])).ToList();
        var open = await alerts.OpenAlertsAsync(id, ct);
        var next = itemOffset + page.Count;
        return View(run, detail, items, descendants.AnyFaulted) with
        {
            Alerts = [.. open.Select(AlertView.Of)],
            ItemStates = RunItemCounts.Count(all.Select(i => i.State)),
            ItemCount = all.Count,
            NextItemOffset = next < all.Count ? next : null,
            Attention = AttentionOf(StatusOf(detail, descendants.AnyFaulted), open),
        };
    }

    /// <summary>Why the run needs a look now: its status and its open alerts, in words for the dashboard.</summary>
    public static IReadOnlyList<string> AttentionOf(string status, IReadOnlyCollection<RunAlert> openAlerts)
    {
        ArgumentNullException.ThrowIfNull(openAlerts);
        var reasons = new List<string>();
        if (status == RunStatuses.Faulted || openAlerts.Any(a => a.Kind == AlertKinds.Faulted))
        {
            reasons.Add("faulted");
        }
        if (openAlerts.Any(a => a.Kind == AlertKinds.Overdue))
        {
            reasons.Add("overdue");
        }
        if (status == RunStatuses.AwaitingReview)
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
    public static string StatusOf(InstanceDetail? detail, bool descendantFaulted = false) =>
        StatusOf(detail?.Instance.Status, descendantFaulted || detail?.Children.Any(c => c.Status == InstanceStatusNames.Faulted) == true, detail?.State().Review is not null);

    /// <summary>The same from the audit instance's status, whether anything under it faulted, and whether the SOM was asked.</summary>
    public static string StatusOf(string? instanceStatus, bool descendantFaulted, bool reviewRequested) => instanceStatus switch
    {
        null => RunStatuses.Running,
        InstanceStatusNames.Completed => RunStatuses.Completed,
        InstanceStatusNames.Cancelled => RunStatuses.Cancelled,
        InstanceStatusNames.Faulted => RunStatuses.Faulted,
        _ when descendantFaulted => RunStatuses.Faulted,
        _ when reviewRequested => RunStatuses.AwaitingReview,
        _ => RunStatuses.Running,
    };

    private static ItemView ItemOf(
        JsonObject item, InstanceWithVariables? child, string state, IEnumerable<BookmarkView> openTimers, WorkflowDefinition? flow)
    {
        var timer = openTimers.Where(b => b.DueAt is not null).MinBy(b => b.DueAt);
        var next = timer is null ? null : new TimerView(timer.DueAt!.Value, timer.StepId,
            flow is not null && flow.TryGetStep(timer.StepId, out var step) ? step.DisplayName : timer.StepId);
        return new ItemView(
            item["id"]?.GetValue<string>() ?? "",
            child?.Instance.Id,
            item["person"]?.GetValue<string>(),
            item["findings"]?.DeepClone().AsArray() ?? [],
            state,
            child?.State().Answers?.DeepClone().AsArray() ?? [],
            next) { Status = child?.Instance.Status };
    }

    private static RunView View(AuditRun run, InstanceDetail? detail, IReadOnlyList<ItemView>? items, bool descendantFaulted = false) =>
        View(run, StatusOf(detail, descendantFaulted), items, IsTest(detail));

    private static RunView View(AuditRun run, string status, IReadOnlyList<ItemView>? items, bool test) => new(
        run.Id, run.Audit, run.Kind, run.Period, status, run.Som,
        run.Issue is null ? null : new IssueView(run.Issue.ProjectId, run.Issue.Iid, run.Issue.WebUrl),
        items, CreatedAt: run.CreatedAt) { Test = test };

    private static bool IsTest(InstanceDetail? detail) => detail?.State().TestRun == true;
}
