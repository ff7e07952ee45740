using System.Globalization;

namespace AuditOrchestrator.Audits.Kickoff;

/// <summary>A fiscal quarter, named as GitLab names it: FY2027-Q1 is the first quarter of the year that ends in 2027.</summary>
public readonly record struct FiscalPeriod(int FiscalYear, int Quarter)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"FY{FiscalYear}-Q{Quarter}");

    public FiscalPeriod Next() => Quarter == 4 ? new(FiscalYear + 1, 1) : new(FiscalYear, Quarter + 1);

    public static FiscalPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split("-Q");
        return parts.Length == 2 && parts[0].StartsWith("FY", StringComparison.Ordinal)
            && int.TryParse(parts[0][2..], CultureInfo.InvariantCulture, out var year) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var quarter)
            && quarter is >= 1 and <= 4
            ? new FiscalPeriod(year, quarter)
            : throw new FormatException($"'{text}' is not a fiscal period like FY2027-Q1.");
    }
}
