using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Audits.GitLab.Webhooks;

/// <summary>
/// What decides whether something on an issue is a person's signal: the service's own GitLab user (its notes and
/// awards never count) and the configured emoji. The user is matched by id when both ids are known (a username can be
/// renamed), else by username. A note's text never decides: a copied idempotency marker makes nobody the service.
/// </summary>
public sealed record GitLabSignalRules(string? ServiceUsername, string DoneEmoji, string ApprovalEmoji, long? ServiceUserId = null)
{
    public bool IsService(string? username, long? userId = null) =>
        ServiceUserId is { } service && userId is { } id
            ? id == service
            : ServiceUsername is { Length: > 0 } name && string.Equals(username, name, StringComparison.OrdinalIgnoreCase);

    public bool IsService(GitLabUser? user) => user is not null && IsService(user.Username, user.Id);
}
