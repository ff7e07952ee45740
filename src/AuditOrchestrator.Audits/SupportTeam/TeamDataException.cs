namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>The team data cannot be used; <see cref="Errors"/> lists every problem found, each naming file, line and field.</summary>
public sealed class TeamDataException(string source, IReadOnlyList<string> errors)
    : Exception($"Support team data in {source} has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
