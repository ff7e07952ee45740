using System.Text;

namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>The comparison rules of docs/checks.md ("Comparing"), in one place.</summary>
public static class TeamText
{
    /// <summary>Names compare after NFC normalisation, trimming and case folding.</summary>
    public static string NameKey(string? name) =>
        (name ?? "").Normalize(NormalizationForm.FormC).Trim().ToUpperInvariant().Normalize(NormalizationForm.FormC);

    public static bool SameName(string? a, string? b) => string.Equals(NameKey(a), NameKey(b), StringComparison.Ordinal);

    public static bool SameEmail(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Calendly URLs compare case-insensitively, ignoring a trailing slash and any query string.</summary>
    public static string UrlKey(string? url)
    {
        var text = (url ?? "").Trim();
        var cut = text.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        return text.TrimEnd('/').ToUpperInvariant();
    }

    public static bool SameUrl(string? a, string? b) => string.Equals(UrlKey(a), UrlKey(b), StringComparison.Ordinal);
}
