using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Integrations.GitLab.Webhooks;

/// <summary>
/// The GitLab user the service acts as (the owner of <c>GitLab__Token</c>), whose notes and awards are never answers:
/// <c>GitLab__ServiceUsername</c> when set, else asked of GitLab once (<c>GET /user</c>) and kept. Until it is known,
/// the service's notes are still recognised by the idempotency marker they all carry.
/// </summary>
public sealed partial class GitLabServiceUser(
    IConfiguration configuration, IOptions<GitLabOptions> options, IHttpClientFactory httpClients, ILogger<GitLabServiceUser> logger)
{
    public const string UsernameKey = "GitLab:ServiceUsername";

    private readonly SemaphoreSlim gate = new(1, 1);
    private string? username = string.IsNullOrWhiteSpace(configuration[UsernameKey]) ? null : configuration[UsernameKey]!.Trim().TrimStart('@');
    private bool warned;

    public async Task<GitLabSignalRules> RulesAsync(CancellationToken ct) =>
        new(await UsernameAsync(ct), options.Value.DoneEmoji, options.Value.ApprovalEmoji);

    public async Task<string?> UsernameAsync(CancellationToken ct)
    {
        if (username is not null || string.IsNullOrEmpty(options.Value.Token))
        {
            return username;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (username is null)
            {
                // The typed GitLabClient's named HttpClient: its base address, token and resilience.
                var http = httpClients.CreateClient(nameof(GitLabClient));
                using var response = await http.GetAsync(new Uri("user", UriKind.Relative), ct);
                response.EnsureSuccessStatusCode();
                var user = await response.Content.ReadFromJsonAsync<GitLabUser>(GitLabClient.Json, ct);
                username = user?.Username;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Asked again next time; said once.
            if (!warned)
            {
                warned = true;
                LogUnknown(logger, e is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status}" : e.GetType().Name);
            }
        }
        finally
        {
            gate.Release();
        }

        return username;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The service's GitLab user could not be read ({Reason}); set GitLab__ServiceUsername. Meanwhile its notes are recognised by their marker only.")]
    private static partial void LogUnknown(ILogger logger, string reason);
}
