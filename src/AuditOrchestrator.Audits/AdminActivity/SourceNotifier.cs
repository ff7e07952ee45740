using AuditOrchestrator.Audits.Alerts;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.PagerDuty;
using AuditOrchestrator.Vendors.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>
/// Tells people when a source changes status, as run alerts are told: a Slack DM to each SOM of
/// <c>SupportOps__Managers</c> (Slack ids from the team data), a post to <c>Notifications__SlackChannel</c> and a note
/// on <c>Notifications__GitLabIssue</c>. Each change is a row of <c>source_notifications</c> first, delivered at least
/// once with the row's key, which every post carries and is looked for by, so a retry never posts twice.
/// </summary>
public sealed class SourceNotifier(
    AuditRecordStore store,
    SlackClient slack,
    GitLabClient gitlab,
    IOptions<SlackOptions> slackOptions,
    IOptionsMonitor<NotificationsOptions> notifications,
    IOptionsMonitor<PagerDutyOptions> pagerDuty,
    TeamSourceResolver teams,
    IConfiguration configuration,
    ILogger<SourceNotifier> logger)
{
    public async Task NotifyChangeAsync(
        string source, SourceState state, SourceStatus current, string? reason, DateTimeOffset serviceNow, CancellationToken cancellationToken)
    {
        if (SourceHealth.ShouldNotify(state.NotifiedStatus, current))
        {
            var text = SourceHealth.NotificationText(pagerDuty.CurrentValue.AuditRecords.Name, state.NotifiedStatus, current, reason);
            // If the process dies after this commit, the row stays pending and the next pass delivers it.
            await store.RecordTransitionAsync(source, state.NotifiedStatus, current, text, serviceNow, cancellationToken);
        }

        await DeliverPendingAsync(source, serviceNow, cancellationToken);
    }

    public async Task DeliverPendingAsync(string source, DateTimeOffset serviceNow, CancellationToken cancellationToken)
    {
        foreach (var notification in await store.NotificationsAsync(source, pendingOnly: true, cancellationToken))
        {
            var delivery = new Delivery(notification.DeliveredTo);
            if (NoTargetReason() is { } none)
            {
                delivery.Errors.Add(none);
            }
            else
            {
                await DeliverAsync(notification, delivery, cancellationToken);
            }

            foreach (var error in delivery.Errors)
            {
                logger.LogWarning("Source notification {Id} not delivered everywhere: {Error}", notification.Id, error);
            }

            // A target that failed for a reason a retry may fix stays pending; the post's key keeps a retry from landing twice.
            await store.RecordDeliveryAsync(notification.Id, delivery.Reached, delivery.Errors.Count == 0 ? null : string.Join("; ", delivery.Errors),
                done: !delivery.Retry, serviceNow, cancellationToken);
        }
    }

    /// <summary>Where one notification has gone (including earlier passes), what failed, and whether a later pass should try again.</summary>
    private sealed class Delivery(IEnumerable<string> already)
    {
        public List<string> Reached { get; } = [.. already];
        public List<string> Errors { get; } = [];
        public bool Retry { get; set; }

        public async Task TryAsync(string target, Func<Task> post)
        {
            if (Reached.Contains(target))
            {
                return;
            }

            try
            {
                await post();
                Reached.Add(target);
            }
            catch (Exception e) when (e is VendorApiException or HttpRequestException or GitLabSelfUnknownException)
            {
                Errors.Add($"{target}: {e.Message}");
                Retry = true;
            }
        }
    }

    private async Task DeliverAsync(SourceNotification notification, Delivery delivery, CancellationToken cancellationToken)
    {
        if (SlackOn)
        {
            foreach (var (manager, slackId, problem) in await SomSlackIdsAsync(cancellationToken))
            {
                if (slackId is null)
                {
                    delivery.Errors.Add(problem!);
                    continue;
                }

                await delivery.TryAsync($"slack-dm:{manager}",
                    () => slack.SendDirectMessageOnceAsync(slackId, notification.Key, notification.Message, cancellationToken));
            }

            if (notifications.CurrentValue.SlackChannel is { Length: > 0 } channel)
            {
                await delivery.TryAsync($"slack-channel:{channel}", async () =>
                {
                    if (await slack.FindMessageByKeyAsync(channel, notification.Key, cancellationToken) is null)
                    {
                        await slack.PostMessageAsync(channel, notification.Message, notification.Key, cancellationToken);
                    }
                });
            }
        }

        if (notifications.CurrentValue.GitLabIssue is { Length: > 0 } setting)
        {
            if (IssueAddress.Parse(setting) is { } address)
            {
                await delivery.TryAsync($"gitlab-issue:{address}",
                    () => gitlab.CreateNoteOnceAsync(address, notification.Key, notification.Message, cancellationToken));
            }
            else
            {
                delivery.Errors.Add($"Notifications__GitLabIssue '{setting}' is not group/project#iid, an issue URL or an iid");
            }
        }
    }

    private bool SlackOn => !string.IsNullOrWhiteSpace(slackOptions.Value.Token);

    /// <summary>Why nothing can be sent at all, or null when there is somebody to tell on Slack or an issue to note on.</summary>
    private string? NoTargetReason()
    {
        if (!string.IsNullOrWhiteSpace(notifications.CurrentValue.GitLabIssue))
        {
            return null;
        }

        if (!SlackOn)
        {
            return "neither Slack (Slack__Token) nor Notifications__GitLabIssue is configured: the notification is recorded only";
        }

        return Managers().Count == 0 && string.IsNullOrWhiteSpace(notifications.CurrentValue.SlackChannel)
            ? "no one to notify: set SupportOps__Managers, Notifications__SlackChannel or Notifications__GitLabIssue; the notification is recorded only"
            : null;
    }

    private List<string> Managers() =>
        [.. configuration.GetSection("SupportOps:Managers").GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0)];

    private async Task<List<(string Manager, string? SlackId, string? Problem)>> SomSlackIdsAsync(CancellationToken cancellationToken)
    {
        var managers = Managers();
        if (managers.Count == 0)
        {
            return [];
        }

        SupportTeam.SupportTeam team;
        try
        {
            team = await teams.LoadAsync(cancellationToken);
        }
        catch (Exception e) when (e is TeamDataException or IOException or VendorApiException)
        {
            return [.. managers.Select(m => (m, (string?)null, (string?)$"DM to {m}: the team data could not be read ({e.Message})"))];
        }

        return [.. managers.Select(m => team.ByGitLabUsername(m)?.Slack?.Id is { Length: > 0 } id
            ? (m, (string?)id, (string?)null)
            : (m, null, $"DM to {m}: no Slack id for this SOM in the team data"))];
    }
}
