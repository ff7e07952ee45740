using System.Text.RegularExpressions;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>The shape of definition ids, step ids and outcome names: lower-case letters, digits and hyphens.</summary>
public static partial class Identifiers
{
    public const string IdPattern = "[a-z0-9][a-z0-9-]*";

    public static bool IsValidId(string? value) => value is not null && Id().IsMatch(value);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Id();
}
