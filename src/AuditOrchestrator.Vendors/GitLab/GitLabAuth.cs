using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>How the token travels: personal, project and group access tokens as PRIVATE-TOKEN, OAuth tokens as Bearer.</summary>
public static partial class GitLabAuth
{
    public static bool IsOAuth(GitLabOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kind = options.TokenKind.Trim();
        if (kind.Length == 0)
        {
            return OAuthTokenShape().IsMatch(options.Token);
        }

        return kind.ToUpperInvariant() switch
        {
            "OAUTH" or "BEARER" => true,
            "PRIVATE" or "PAT" => false,
            _ => throw new InvalidOperationException("GitLab__TokenKind must be 'private' or 'oauth'."),
        };
    }

    public static void Apply(HttpRequestHeaders headers, GitLabOptions options)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Token))
        {
            return;
        }

        if (IsOAuth(options))
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        }
        else
        {
            headers.Add("PRIVATE-TOKEN", options.Token);
        }
    }

    // GitLab's OAuth access tokens are 64 hex characters; access tokens carry a gl… prefix or are 20 characters.
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex OAuthTokenShape();
}
