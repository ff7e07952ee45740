using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Keeps a running audit's issue open until the SOM closes it after the review (README, "Runs"):
/// closed by anyone else, or by the SOM before the review was requested, it is reopened with a note saying why (what
/// is still open; the SOM closes it after the review), and the run journals it. Asked after every close GitLab reports
/// and by every reconciliation pass; it reads the issue's current state, so asking twice reopens once.
/// </summary>
public sealed class AuditIssueCloseGuard(NpgsqlDataSource dataSource, AuditRuns runs, InstanceQueries instances, InstanceJournal journal, IServiceProvider services)
{
    public const string Reopened = "issue-reopened";

    /// <summary>Reopens the issue when its close does not count; true when it did. <paramref name="current"/>: the issue as just read, if it was.</summary>
    public async Task<bool> CheckAsync(long projectId, long iid, GitLabSignalRules rules, CancellationToken ct, GitLabIssue? current = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (await RunOfAsync(projectId, iid, ct) is not { } runId
            || await instances.GetAsync(runId, ct) is not { } detail
            || InstanceStatusNames.IsFinished(detail.Instance.Status))
        {
            // A reopened or closed issue after completion changes nothing: a new run is the way to audit again.
            return false;
        }
        var gitlab = services.GetRequiredService<GitLabClient>();
        var issue = current ?? await gitlab.GetIssueAsync(iid, ct);
        if (!issue.IsClosed || issue.ProjectId != projectId || rules.IsService(issue.ClosedBy))
        {
            return false;
        }
        var run = await runs.FindAsync(runId, ct);
        var review = detail.State().Review as JsonObject;
        var closedAt = issue.ClosedAt ?? issue.UpdatedAt ?? issue.CreatedAt;
        var closer = issue.ClosedBy?.Username;
        var bySom = run?.Som is { } som && string.Equals(closer, som, StringComparison.OrdinalIgnoreCase);
        if (bySom && review is not null && AwaitApprovalActivity.ClosedAfterReview(new JsonObject { ["at"] = closedAt }, review))
        {
            return false;
        }

        var reason = review is null ? "the review has not been requested yet"
            : bySom ? "it was closed before the review was requested"
            : "only the run's SOM closes it, after the review";
        var open = (await RunDescendants.ReadAsync(instances, runId, ct)).Items
            .Where(d => !InstanceStatusNames.IsFinished(d.Instance.Status))
            .Select(d => (Item: RunDescendants.ItemId(d) ?? d.Instance.Id.ToString(), State: d.State().State ?? ItemStates.Open))
            .OrderBy(i => i.Item, StringComparer.Ordinal)
            .ToList();
        // If the process dies between the note and the reopen, the next check finds the issue still closed and the
        // note by its key, and reopens.
        var note = await gitlab.CreateNoteOnceAsync(iid, $"reopen:{runId:N}:{closedAt.ToUnixTimeMilliseconds()}",
            FollowUpMessages.ReopenedEarly(closer, run?.Som, reason, open, review is not null), ct);
        await gitlab.ReopenIssueAsync(iid, ct);
        await journal.AppendAsync(runId, Reopened, closer, new JsonObject
        {
            ["closedBy"] = closer,
            ["closedAt"] = closedAt,
            ["reason"] = reason,
            ["open"] = new JsonArray([.. open.Select(i => (JsonNode)new JsonObject { ["item"] = i.Item, ["state"] = i.State })]),
            ["noteId"] = note.Note.Id,
        }, ct);
        return true;
    }

    private async Task<Guid?> RunOfAsync(long projectId, long iid, CancellationToken ct)
    {
        if (iid is < 1 or > int.MaxValue)
        {
            return null;
        }
        await using var command = dataSource.CreateCommand("SELECT run_id FROM audit_issues WHERE project_id = $1 AND issue_iid = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = projectId });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)iid });
        return await command.ExecuteScalarAsync(ct) is Guid run ? run : null;
    }
}
