namespace AuditOrchestrator.Integrations.GitLab.Webhooks;

/// <summary>
/// What decides whether something on an issue is a person's signal: the service's own GitLab user (its notes and
/// awards never count) and the configured emoji.
/// </summary>
public sealed record GitLabSignalRules(string? ServiceUsername, string DoneEmoji, string ApprovalEmoji)
{
    /// <summary>
    /// The service's own doing: by its user, or (when the user is not known) a note carrying the idempotency marker
    /// that every post of the service embeds.
    /// </summary>
    public bool IsService(string? username, string? body = null) =>
        (ServiceUsername is { Length: > 0 } service && string.Equals(username, service, StringComparison.OrdinalIgnoreCase))
        || IdempotencyMarker.Find(body) is not null;
}
