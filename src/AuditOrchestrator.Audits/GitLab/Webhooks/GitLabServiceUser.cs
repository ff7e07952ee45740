using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Audits.GitLab.Webhooks;

/// <summary>
/// The signal rules with the service's own GitLab user: asked of GitLab (<see cref="GitLabSelf"/>), or
/// <c>GitLab__ServiceUsername</c> while GitLab cannot say. When neither is known the rules cannot be made: the
/// delivery or reconciliation pass fails and is retried, rather than guessing whose notes are answers.
/// </summary>
public sealed class GitLabServiceUser(IConfiguration configuration, IOptions<GitLabOptions> options, GitLabSelf self)
{
    public const string UsernameKey = "GitLab:ServiceUsername";

    private readonly string? configured = string.IsNullOrWhiteSpace(configuration[UsernameKey]) ? null : configuration[UsernameKey]!.Trim().TrimStart('@');

    public async Task<GitLabSignalRules> RulesAsync(CancellationToken ct)
    {
        var me = await self.TryUserAsync(ct);
        var username = me?.Username ?? configured ?? throw new GitLabSelfUnknownException();
        return new(username, options.Value.DoneEmoji, options.Value.ApprovalEmoji, me?.Id);
    }
}
