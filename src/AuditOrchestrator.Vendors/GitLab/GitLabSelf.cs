using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>
/// The GitLab user the service acts as (the owner of <c>GitLab__Token</c>), asked of GitLab once (<c>GET /user</c>)
/// and kept. Only what this user wrote is the service's own: a marker in anyone else's note or issue is just text.
/// </summary>
public sealed partial class GitLabSelf(IOptions<GitLabOptions> options, IHttpClientFactory httpClients, ILogger<GitLabSelf> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private GitLabUser? user;
    private bool warned;

    /// <summary>The service's user; throws when GitLab cannot say (the caller's step is retried rather than guessing).</summary>
    public async Task<GitLabUser> UserAsync(CancellationToken ct) =>
        await TryUserAsync(ct) ?? throw new GitLabSelfUnknownException();

    /// <summary>The service's user, or null when there is no token or GitLab could not be asked (asked again next time).</summary>
    public async Task<GitLabUser?> TryUserAsync(CancellationToken ct)
    {
        if (user is not null || string.IsNullOrEmpty(options.Value.Token))
        {
            return user;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (user is null)
            {
                // The typed GitLabClient's named HttpClient: its base address, token and resilience.
                var http = httpClients.CreateClient(nameof(GitLabClient));
                using var response = await http.GetAsync(new Uri("user", UriKind.Relative), ct);
                response.EnsureSuccessStatusCode();
                user = await response.Content.ReadFromJsonAsync<GitLabUser>(GitLabClient.Json, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
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

        return user;
    }

    /// <summary>Whether <paramref name="author"/> is the service's own user (by id: usernames can be renamed).</summary>
    public static bool IsSelf(GitLabUser self, GitLabUser? author)
    {
        ArgumentNullException.ThrowIfNull(self);
        return author is not null && author.Id == self.Id;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The service's GitLab user could not be read ({Reason}); notes are not posted and answers not read until it can.")]
    private static partial void LogUnknown(ILogger logger, string reason);
}

/// <summary>GET /user did not answer: the service cannot tell its own notes from copies, so it does not act yet.</summary>
public sealed class GitLabSelfUnknownException()
    : InvalidOperationException("The service's own GitLab user is not known yet (GET /user failed); retried later.");
