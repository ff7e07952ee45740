using System.Text.RegularExpressions;

namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>
/// A hidden HTML comment, <c>&lt;!-- ao:key=KEY --&gt;</c>, that marks a posted note with the idempotency key of the
/// step that posted it, so a poster that crashed after posting can find its note instead of posting twice.
/// </summary>
public static partial class IdempotencyMarker
{
    /// <summary>The body with the marker appended on its own line (GitLab and Slack render it invisibly).</summary>
    public static string Embed(string body, string key)
    {
        ArgumentNullException.ThrowIfNull(body);
        Validate(key);
        return $"{body.TrimEnd()}\n\n<!-- ao:key={key} -->";
    }

    /// <summary>The key carried by a body, or null.</summary>
    public static string? Find(string? body)
    {
        if (body is null)
        {
            return null;
        }

        var match = MarkerPattern().Match(body);
        return match.Success ? match.Groups["key"].Value : null;
    }

    public static bool Carries(string? body, string key) =>
        body is not null && body.Contains($"<!-- ao:key={key} -->", StringComparison.Ordinal);

    private static void Validate(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || !KeyPattern().IsMatch(key) || key.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "An idempotency key is 1-200 characters of letters, digits and . _ : / - (no '--').", nameof(key));
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:/\-]{1,200}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"<!-- ao:key=(?<key>[A-Za-z0-9._:/\-]{1,200}) -->")]
    private static partial Regex MarkerPattern();
}
