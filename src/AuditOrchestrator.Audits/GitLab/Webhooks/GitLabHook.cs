using System.Globalization;
using System.Text.Json;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Audits.GitLab.Webhooks;

/// <summary>
/// A webhook delivery as the signal rules need it: <see cref="GitLabWebhookEvent"/> plus the few fields it does not
/// carry (the award's id, whether a note is GitLab's own, the issue's timestamps, a thread being resolved).
/// </summary>
public sealed record GitLabHook(
    GitLabWebhookEvent Event,
    long? AwardId,
    bool SystemNote,
    string? NoteableType,
    DateTimeOffset? IssueUpdatedAt,
    DateTimeOffset? IssueClosedAt,
    DateTimeOffset? NoteResolvedAt)
{
    /// <summary>Reads a delivery; throws <see cref="FormatException"/> when the body is not a JSON object.</summary>
    public static GitLabHook Parse(string? eventName, string body)
    {
        var parsed = GitLabWebhookEvent.Parse(eventName, body);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var attributes = Child(root, "object_attributes");
        var issue = parsed.Kind == GitLabWebhookKind.Issue ? attributes : Child(root, "issue");
        var note = parsed.Kind switch
        {
            GitLabWebhookKind.Note => attributes,
            GitLabWebhookKind.Emoji => Child(root, "note"),
            _ => null,
        };
        return new GitLabHook(
            parsed,
            parsed.Kind == GitLabWebhookKind.Emoji && attributes is { } a && a.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var awardId)
                ? awardId
                : null,
            note is { } n && n.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.True,
            Text(note, "noteable_type"),
            Time(Text(issue, "updated_at")),
            Time(Text(issue, "closed_at")),
            Time(Text(note, "resolved_at")));
    }

    /// <summary>GitLab's webhook times: ISO 8601 (with or without fractions) or "2026-11-22 02:28:00 UTC".</summary>
    public static DateTimeOffset? Time(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var iso = text.Trim().Replace(" UTC", "Z", StringComparison.Ordinal);
        return DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
    }

    private static JsonElement? Child(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static string? Text(JsonElement? parent, string name) =>
        parent is { } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
