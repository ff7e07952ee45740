namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>
/// The audit issue as the first pings of a run read it to decide who can see it (confidential, author, assignees):
/// read once per issue and reused for <see cref="Lifetime"/> of real time, so a run's first pings do not read the
/// issue once per person. A change to the issue (made confidential, reassigned) counts from the next read.
/// </summary>
public sealed class IssueVisibilityReads(TimeProvider realTime)
{
    /// <summary>How long one read of the issue serves the pings that follow it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly Dictionary<long, (GitLabIssue Issue, DateTimeOffset ReadAt)> read = [];
    private readonly Lock guard = new();

    /// <summary>The issue, from GitLab when the last read is older than <see cref="Lifetime"/>.</summary>
    public async Task<GitLabIssue> IssueAsync(GitLabClient gitLab, long iid, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(gitLab);
        var now = realTime.GetUtcNow();
        lock (guard)
        {
            if (read.TryGetValue(iid, out var known) && now - known.ReadAt < Lifetime)
            {
                return known.Issue;
            }
        }

        var issue = await gitLab.GetIssueAsync(iid, ct);
        lock (guard)
        {
            // Issues whose read has expired are dropped, so the map holds the issues of the last minute's pings only.
            foreach (var expired in read.Where(e => now - e.Value.ReadAt >= Lifetime).Select(e => e.Key).ToList())
            {
                read.Remove(expired);
            }
            read[iid] = (issue, now);
        }
        return issue;
    }
}
