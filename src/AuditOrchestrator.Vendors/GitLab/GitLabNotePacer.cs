using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>
/// Spaces note and discussion creation so the service stays within <see cref="GitLabOptions.NotesPerMinute"/>
/// (GitLab throttles note creation per user); reads and other writes are not paced.
/// </summary>
public sealed class GitLabNotePacer(RequestPacer pacer)
{
    public TimeSpan Interval => pacer.Interval;

    public Task WaitTurnAsync(CancellationToken cancellationToken) => pacer.WaitTurnAsync(cancellationToken);
}
