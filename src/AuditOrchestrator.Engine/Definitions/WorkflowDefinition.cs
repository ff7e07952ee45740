using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace AuditOrchestrator.Engine.Definitions;

/// <summary>An immutable workflow graph: steps in file order, entered at <paramref name="Start"/>.</summary>
public sealed partial record WorkflowDefinition(
    string Id,
    string Name,
    string? Description,
    string Start,
    ImmutableArray<StepDefinition> Steps)
{
    public StepDefinition StartStep => GetStep(Start);

    // Linear on purpose: definitions have tens of steps, and a cached index would go stale through `with`.
    public bool TryGetStep(string id, [NotNullWhen(true)] out StepDefinition? step)
    {
        foreach (var candidate in Steps)
        {
            if (string.Equals(candidate.Id, id, StringComparison.Ordinal))
            {
                step = candidate;
                return true;
            }
        }
        step = null;
        return false;
    }

    public StepDefinition GetStep(string id) =>
        TryGetStep(id, out var step) ? step : throw new KeyNotFoundException($"Definition '{Id}' has no step '{id}'.");

    public bool Equals(WorkflowDefinition? other) =>
        other is not null
        && Id == other.Id
        && Name == other.Name
        && Description == other.Description
        && Start == other.Start
        && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Id);
        hash.Add(Name);
        hash.Add(Description);
        hash.Add(Start);
        foreach (var step in Steps)
        {
            hash.Add(step);
        }
        return hash.ToHashCode();
    }
}
