using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.Slack;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.Alerts;

/// <summary>
/// Tells people about an alert, and later about its recovery: a Slack DM to the run's SOM, a note on the run's issue
/// (mentioning the SOM), a post to <c>Notifications__SlackChannel</c> and a note on <c>Notifications__GitLabIssue</c>
/// when set. Each post carries the alert's key and is looked for before posting, so a retry never posts twice.
/// </summary>
public sealed class RunAlertNotifier(
    RunAlertStore store,
    AuditRuns runs,
    GitLabClient gitlab,
    SlackClient slack,
    IOptions<SlackOptions> slackOptions,
    IOptions<NotificationsOptions> notifications,
    TeamSourceResolver teams,
    TimeProvider clock,
    ILogger<RunAlertNotifier> logger)
{
    public async Task DeliverPendingAsync(CancellationToken ct)
    {
        foreach (var alert in await store.PendingAsync(ct))
        {
            var run = await runs.FindAsync(alert.RunId, ct);
            if (run is null)
            {
                continue;
            }

            if (alert.DeliveredAt is null && alert.ResolvedAt is not null && alert.DeliveredTo.Count == 0)
            {
                // Over before anybody heard of it: neither the alert nor its recovery is news.
                await store.RecordDeliveryAsync(alert.Id, resolved: false, [], complete: true, "resolved before it was delivered", clock.GetUtcNow(), ct);
                await store.RecordDeliveryAsync(alert.Id, resolved: true, [], complete: true, "resolved before it was delivered", clock.GetUtcNow(), ct);
                continue;
            }

            var resolved = alert.DeliveredAt is not null;
            var text = resolved ? RunAlertPolicy.ResolvedText(alert, run.Audit, run.Period) : RunAlertPolicy.OpenText(alert, run.Audit, run.Period);
            var key = resolved ? alert.MarkerKey + ":resolved" : alert.MarkerKey;
            var (reached, errors, complete) = await DeliverAsync(run, text, key, resolved ? alert.ResolvedDeliveredTo : alert.DeliveredTo, ct);
            foreach (var error in errors)
            {
                logger.LogWarning("Alert {AlertId} of run {RunId} not delivered everywhere: {Error}", alert.Id, alert.RunId, error);
            }
            await store.RecordDeliveryAsync(alert.Id, resolved, reached, complete, errors.Count == 0 ? null : string.Join("; ", errors), clock.GetUtcNow(), ct);
        }
    }

    private async Task<(List<string> Reached, List<string> Errors, bool Complete)> DeliverAsync(
        AuditRun run, string text, string key, IReadOnlyList<string> already, CancellationToken ct)
    {
        var reached = new List<string>();
        var errors = new List<string>();
        var retry = false;
        var slackOn = !string.IsNullOrWhiteSpace(slackOptions.Value.Token);

        async Task TryAsync(string target, Func<Task> post)
        {
            if (already.Contains(target))
            {
                return;
            }

            try
            {
                await post();
                reached.Add(target);
            }
            catch (Exception e) when (e is VendorApiException or HttpRequestException or TeamDataException or IOException)
            {
                // The next pass tries again; the post's key keeps it from landing twice.
                errors.Add($"{target}: {e.Message}");
                retry = true;
            }
        }

        if (run.Som is { } som && slackOn && !already.Contains($"slack-dm:{som}"))
        {
            string? slackId = null;
            var teamRead = true;
            try
            {
                slackId = (await teams.LoadAsync(ct)).ByGitLabUsername(som)?.Slack?.Id;
            }
            catch (Exception e) when (e is VendorApiException or TeamDataException or IOException)
            {
                errors.Add($"slack-dm:{som}: the team data could not be read ({e.Message})");
                retry = true;
                teamRead = false;
            }

            if (slackId is { Length: > 0 })
            {
                await TryAsync($"slack-dm:{som}", () => slack.SendDirectMessageOnceAsync(slackId, key, text, ct));
            }
            else if (teamRead)
            {
                // Not something a retry fixes: the note on the issue still reaches the SOM.
                errors.Add($"slack-dm:{som}: no Slack id for the SOM in the team data");
            }
        }

        if (run.Issue is { } issue)
        {
            await TryAsync("gitlab-run-issue", () => gitlab.CreateNoteOnceAsync(issue.Iid, key, RunAlertPolicy.NoteFor(run.Som, text), ct));
        }

        if (slackOn && notifications.Value.SlackChannel is { Length: > 0 } channel)
        {
            await TryAsync($"slack-channel:{channel}", async () =>
            {
                if (await slack.FindMessageByKeyAsync(channel, key, ct) is null)
                {
                    await slack.PostMessageAsync(channel, text, key, ct);
                }
            });
        }

        if (notifications.Value.GitLabIssue is { Length: > 0 } setting)
        {
            if (IssueAddress.Parse(setting) is { } address)
            {
                await TryAsync($"gitlab-issue:{address}", () => gitlab.CreateNoteOnceAsync(address, key + ":notifications", text, ct));
            }
            else
            {
                errors.Add($"Notifications__GitLabIssue '{setting}' is not group/project#iid, an issue URL or an iid");
            }
        }

        return (reached, errors, !retry);
    }
}
