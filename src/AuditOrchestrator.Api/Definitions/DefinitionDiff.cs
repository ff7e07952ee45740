using AuditOrchestrator.Engine.Definitions;

namespace AuditOrchestrator.Api.Definitions;

public sealed record EdgeRef(string From, string Outcome, string To);

public sealed record FieldChange(string Field, string? From, string? To);

public sealed record StepChanges(string Id, IReadOnlyList<FieldChange> Changes);

/// <summary>What changed between two versions of a definition: steps by id, edges as (step, outcome, target).</summary>
public sealed record DefinitionDiff(
    int From,
    int To,
    string? StartFrom,
    string? StartTo,
    IReadOnlyList<string> AddedSteps,
    IReadOnlyList<string> RemovedSteps,
    IReadOnlyList<StepChanges> ChangedSteps,
    IReadOnlyList<EdgeRef> AddedEdges,
    IReadOnlyList<EdgeRef> RemovedEdges)
{
    public static DefinitionDiff Compare(WorkflowDefinition before, int beforeVersion, WorkflowDefinition after, int afterVersion)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = before.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var current = after.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var oldEdges = Edges(before);
        var newEdges = Edges(after);
        var changed = after.Steps
            .Where(s => old.ContainsKey(s.Id))
            .Select(s => new StepChanges(s.Id, Changes(old[s.Id], s)))
            .Where(c => c.Changes.Count > 0)
            .ToList();
        return new DefinitionDiff(
            beforeVersion,
            afterVersion,
            before.Start == after.Start ? null : before.Start,
            before.Start == after.Start ? null : after.Start,
            [.. after.Steps.Where(s => !old.ContainsKey(s.Id)).Select(s => s.Id)],
            [.. before.Steps.Where(s => !current.ContainsKey(s.Id)).Select(s => s.Id)],
            changed,
            [.. newEdges.Where(e => !oldEdges.Contains(e))],
            [.. oldEdges.Where(e => !newEdges.Contains(e))]);
    }

    private static List<EdgeRef> Edges(WorkflowDefinition definition) =>
        [.. definition.Steps.SelectMany(s => s.Next.Select(t => new EdgeRef(s.Id, t.Outcome, t.To)))];

    private static List<FieldChange> Changes(StepDefinition before, StepDefinition after)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, a, b));
            }
        }
        Compare("activity", before.Activity, after.Activity);
        Compare("level", before.Level.ToString().ToLowerInvariant(), after.Level.ToString().ToLowerInvariant());
        Compare("label", before.Label, after.Label);
        foreach (var name in before.Settings.Keys.Union(after.Settings.Keys).Order(StringComparer.Ordinal))
        {
            Compare("settings." + name, before.FindSetting(name)?.ToString(), after.FindSetting(name)?.ToString());
        }
        return changes;
    }
}
