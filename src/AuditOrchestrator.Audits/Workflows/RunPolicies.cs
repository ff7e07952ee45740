namespace AuditOrchestrator.Audits.Workflows;

/// <summary>The decisions about a run that need no I/O: its fiscal period and who its SOM is.</summary>
public static class RunPolicies
{
    /// <summary>
    /// The fiscal period of a moment, e.g. FY2027-Q1 for March 2026 when the fiscal year starts in February. A fiscal
    /// year is named after the calendar year it ends in.
    /// </summary>
    public static string FiscalPeriod(DateTimeOffset at, int fiscalYearStartMonth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fiscalYearStartMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fiscalYearStartMonth, 12);
        var utc = at.UtcDateTime;
        var monthsIn = (utc.Month - fiscalYearStartMonth + 12) % 12;
        var year = fiscalYearStartMonth == 1 || utc.Month < fiscalYearStartMonth ? utc.Year : utc.Year + 1;
        return $"FY{year}-Q{(monthsIn / 3) + 1}";
    }

    /// <summary>The SOM of the next run: the managers taken in turn, by how many runs of any audit came before.</summary>
    public static string? SomInTurn(IReadOnlyList<string> managers, long earlierRuns)
    {
        ArgumentNullException.ThrowIfNull(managers);
        var usable = managers.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim().TrimStart('@')).ToList();
        return usable.Count == 0 ? null : usable[(int)(earlierRuns % usable.Count)];
    }
}
