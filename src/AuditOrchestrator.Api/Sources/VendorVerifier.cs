using System.Net.Http.Headers;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Connections;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Slack;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Sources;

/// <summary>
/// "Verify settings" of every connection: GitLab and Slack, which every audit uses, here; each audit's vendor through
/// its registration (<see cref="IAuditRegistration.VerifyAsync"/>), found by its <see cref="AuditDescriptor.Connection"/>.
/// </summary>
public sealed class VendorVerifier(
    ConnectionProbe probe, AuditCatalog catalog, AuditRegistry audits, IOptionsMonitor<GitLabOptions> gitLab, IOptionsMonitor<SlackOptions> slack)
{
    private const string GitLab = "gitlab";
    private const string Slack = "slack";

    /// <summary>Every connection that can be verified, as the settings page lists them: GitLab, the audits' vendors, Slack.</summary>
    public IReadOnlyList<string> Names => [GitLab, .. catalog.All.Select(a => a.Connection).Distinct(StringComparer.OrdinalIgnoreCase), Slack];

    /// <summary>The verification of the named connection, or null when no connection has that name.</summary>
    public async Task<ConnectionVerification?> VerifyAsync(string name, CancellationToken ct)
    {
        if (name.Equals(GitLab, StringComparison.OrdinalIgnoreCase))
        {
            return await GitLabAsync(ct);
        }
        if (name.Equals(Slack, StringComparison.OrdinalIgnoreCase))
        {
            return await SlackAsync(ct);
        }
        // Two audits of one connection (none today) share its verification: the first registered answers.
        var audit = catalog.All.FirstOrDefault(a => a.Connection.Equals(name, StringComparison.OrdinalIgnoreCase));
        return audit is null ? null : await audits.Get(audit.Key).VerifyAsync(ct);
    }

    private async Task<ConnectionVerification> GitLabAsync(CancellationToken ct)
    {
        var options = gitLab.CurrentValue;
        if (string.IsNullOrEmpty(options.Token))
        {
            return ConnectionProbe.NotConfigured(GitLab, "GitLab__Token");
        }
        var root = options.BaseUrl.ToString().TrimEnd('/') + "/api/v4/";
        var user = await probe.ProbeAsync("GitLab", "user", HttpMethod.Get, root + "user", r => GitLabAuth.Apply(r.Headers, options),
            body => $"the token acts as @{body.GetProperty("username").GetString()}", ct);
        var project = string.IsNullOrWhiteSpace(options.AuditProject)
            ? new Capability("audit_project", false, "No audit project is configured (GitLab__AuditProject).")
            : await probe.ProbeAsync("GitLab", "audit_project", HttpMethod.Get, root + "projects/" + Uri.EscapeDataString(options.AuditProject.Trim()),
                r => GitLabAuth.Apply(r.Headers, options), body => $"can read the audit project {body.GetProperty("path_with_namespace").GetString()}", ct);
        return ConnectionProbe.Result(GitLab, user, project);
    }

    private async Task<ConnectionVerification> SlackAsync(CancellationToken ct)
    {
        var options = slack.CurrentValue;
        if (string.IsNullOrEmpty(options.Token))
        {
            return ConnectionProbe.NotConfigured(Slack, "Slack__Token");
        }
        var auth = await probe.ProbeAsync("Slack", "auth_test", HttpMethod.Post, options.BaseUrl.ToString().TrimEnd('/') + "/api/auth.test",
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token),
            body => body.GetProperty("ok").GetBoolean()
                ? $"the token is valid (bot user {body.GetProperty("user_id").GetString()})"
                : "!" + $"Slack refused the token ({body.GetProperty("error").GetString()}).", ct);
        // Slack answers its errors with HTTP 200 and ok:false.
        if (auth.Detail.StartsWith('!'))
        {
            auth = auth with { Ok = false, Detail = auth.Detail[1..] };
        }
        return ConnectionProbe.Result(Slack, auth);
    }
}
