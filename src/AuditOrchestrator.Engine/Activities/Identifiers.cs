using System.Text.RegularExpressions;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>
/// The shape of definition ids, step ids and outcome names: lower-case words of letters and digits joined by single
/// hyphens (so a mermaid node id, hyphens turned to underscores, never holds "__").
/// </summary>
public static partial class Identifiers
{
    public const string IdPattern = "[a-z0-9]+(-[a-z0-9]+)*";

    public static bool IsValidId(string? value) => value is not null && Id().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Id();
}
