using AuditOrchestrator.Integrations.Http;
using AuditOrchestrator.Integrations.Slack;
using AuditOrchestrator.Integrations.SupportTeam;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Integrations.PagerDuty.AuditRecords;

/// <summary>
/// Tells people when a source changes status: a Slack DM to each SOM of <c>SupportOps__Managers</c> (Slack ids from
/// the team data) and a post to <c>Notifications__SlackChannel</c>. Each change is a row of
/// <c>source_notifications</c> first, delivered at least once with the row's key, so a retry never posts twice.
/// </summary>
public sealed class SourceNotifier(
    AuditRecordStore store,
    SlackClient slack,
    IOptions<SlackOptions> slackOptions,
    TeamSourceResolver teams,
    IConfiguration configuration,
    ILogger<SourceNotifier> logger)
{
    public async Task NotifyChangeAsync(
        string source, SourceState state, SourceStatus current, string? reason, DateTimeOffset serviceNow, CancellationToken cancellationToken)
    {
        if (SourceHealth.ShouldNotify(state.NotifiedStatus, current))
        {
            var text = SourceHealth.NotificationText(source, state.NotifiedStatus, current, reason);
            // If the process dies after this commit, the row stays pending and the next pass delivers it.
            await store.RecordTransitionAsync(source, state.NotifiedStatus, current, text, serviceNow, cancellationToken);
        }

        await DeliverPendingAsync(source, serviceNow, cancellationToken);
    }

    public async Task DeliverPendingAsync(string source, DateTimeOffset serviceNow, CancellationToken cancellationToken)
    {
        foreach (var notification in await store.NotificationsAsync(source, pendingOnly: true, cancellationToken))
        {
            var (deliveredTo, errors) = await DeliverAsync(notification, cancellationToken);
            var done = errors.Count == 0 || deliveredTo.Count > 0 || !string.IsNullOrWhiteSpace(NoTargetReason());
            await store.RecordDeliveryAsync(notification.Id, deliveredTo, errors.Count == 0 ? null : string.Join("; ", errors), done, serviceNow, cancellationToken);
        }
    }

    private async Task<(List<string> DeliveredTo, List<string> Errors)> DeliverAsync(SourceNotification notification, CancellationToken cancellationToken)
    {
        var deliveredTo = new List<string>();
        var errors = new List<string>();
        if (NoTargetReason() is { } none)
        {
            errors.Add(none);
            return (deliveredTo, errors);
        }

        foreach (var (manager, slackId, problem) in await SomSlackIdsAsync(cancellationToken))
        {
            if (slackId is null)
            {
                errors.Add(problem!);
                continue;
            }

            try
            {
                await slack.SendDirectMessageOnceAsync(slackId, notification.Key, notification.Message, cancellationToken);
                deliveredTo.Add($"slack-dm:{manager}");
            }
            catch (VendorApiException e)
            {
                errors.Add($"DM to {manager}: {e.Message}");
            }
        }

        if (configuration["Notifications:SlackChannel"] is { Length: > 0 } channel)
        {
            try
            {
                if (await slack.FindMessageByKeyAsync(channel, notification.Key, cancellationToken) is null)
                {
                    await slack.PostMessageAsync(channel, notification.Message, notification.Key, cancellationToken);
                }

                deliveredTo.Add($"slack-channel:{channel}");
            }
            catch (VendorApiException e)
            {
                errors.Add($"channel {channel}: {e.Message}");
            }
        }

        foreach (var error in errors)
        {
            logger.LogWarning("Source notification {Id} not delivered everywhere: {Error}", notification.Id, error);
        }

        return (deliveredTo, errors);
    }

    /// <summary>Why nothing can be sent at all, or null when Slack has a token and there is somebody to tell.</summary>
    private string? NoTargetReason()
    {
        if (string.IsNullOrWhiteSpace(slackOptions.Value.Token))
        {
            return "Slack is not configured (Slack__Token): the notification is recorded only";
        }

        return Managers().Count == 0 && string.IsNullOrWhiteSpace(configuration["Notifications:SlackChannel"])
            ? "no one to notify: set SupportOps__Managers or Notifications__SlackChannel; the notification is recorded only"
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
