namespace AuditOrchestrator.Audits.Workflows;

/// <summary>The decisions about a run that need no I/O: who its SOM is (its fiscal period is <see cref="Kickoff.FiscalCalendar"/>'s).</summary>
public static class RunPolicies
{
    /// <summary>The SOM of the next run: the managers taken in turn, by how many runs of any audit came before.</summary>
    public static string? SomInTurn(IReadOnlyList<string> managers, long earlierRuns)
    {
        ArgumentNullException.ThrowIfNull(managers);
        var usable = managers.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim().TrimStart('@')).ToList();
        return usable.Count == 0 ? null : usable[(int)(earlierRuns % usable.Count)];
    }
}
