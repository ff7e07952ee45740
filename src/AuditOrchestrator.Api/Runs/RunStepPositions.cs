using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Api.Runs;

/// <summary>Where every instance of a run is (<see cref="StepPosition"/>), one row per instance: what the run page counts.</summary>
public sealed class RunStepPositions(TreeQueries trees)
{
    private const int MaxDepth = 4;

    public async Task<IReadOnlyList<StepPosition>> ReadAsync(Guid runId, CancellationToken ct) =>
        [.. (await trees.PositionsAsync(runId, MaxDepth, ct)).Select(p => new StepPosition(p.Flow, p.DefinitionId, p.Status, p.CurrentStep, p.CompletedSteps))];
}
