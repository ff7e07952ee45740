using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuditOrchestrator.Vendors.GitLab;

public enum GitLabWebhookKind
{
    /// <summary>An event type the orchestrator does not use: answer 200 and ignore it.</summary>
    Other,
    Note,
    Issue,
    Emoji,
}

/// <summary>A description edit as the Issue Hook reports it.</summary>
public sealed record GitLabTextChange(string? Previous, string? Current);

/// <summary>
/// The part of a GitLab webhook the orchestrator acts on, read from the <c>X-Gitlab-Event</c> header and the body.
/// The confidential twins (<c>Confidential Note Hook</c>, <c>Confidential Issue Hook</c>) read like their public ones,
/// with <see cref="Confidential"/> set.
/// </summary>
public sealed record GitLabWebhookEvent(
    GitLabWebhookKind Kind,
    string EventName,
    bool Confidential,
    string? Action,
    long? ProjectId,
    string? ProjectPath,
    long? IssueIid,
    string? IssueState,
    long? UserId,
    string? Username,
    long? NoteId,
    string? DiscussionId,
    string? NoteBody,
    string? EmojiName,
    string? AwardableType,
    long? AwardableId,
    GitLabTextChange? DescriptionChange)
{
    /// <summary>Reads a delivery; throws <see cref="FormatException"/> when the body is not a JSON object.</summary>
    public static GitLabWebhookEvent Parse(string? eventName, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The GitLab webhook body is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The GitLab webhook body is not a JSON object.");
            }

            var name = eventName?.Trim() ?? "";
            var kind = name switch
            {
                "Note Hook" or "Confidential Note Hook" => GitLabWebhookKind.Note,
                "Issue Hook" or "Confidential Issue Hook" => GitLabWebhookKind.Issue,
                "Emoji Hook" => GitLabWebhookKind.Emoji,
                _ => GitLabWebhookKind.Other,
            };
            var attributes = Child(root, "object_attributes");
            var issue = kind == GitLabWebhookKind.Issue ? attributes : Child(root, "issue");
            var note = kind switch
            {
                GitLabWebhookKind.Note => attributes,
                GitLabWebhookKind.Emoji => Child(root, "note"),
                _ => null,
            };
            var project = Child(root, "project");
            var user = Child(root, "user");
            var description = Child(Child(root, "changes"), "description");

            return new GitLabWebhookEvent(
                kind,
                name,
                name.StartsWith("Confidential ", StringComparison.Ordinal) || Bool(issue, "confidential") == true,
                // Emoji Hooks carry "award"/"revoke" in object_attributes.action, and older ones only in event_type.
                kind == GitLabWebhookKind.Emoji ? String(attributes, "action") ?? String(root, "event_type") : String(attributes, "action"),
                Long(project, "id") ?? Long(root, "project_id"),
                String(project, "path_with_namespace"),
                Long(issue, "iid"),
                String(issue, "state"),
                Long(user, "id"),
                String(user, "username"),
                kind == GitLabWebhookKind.Emoji
                    ? (String(attributes, "awardable_type") == "Note" ? Long(attributes, "awardable_id") : null)
                    : Long(note, "id"),
                String(note, "discussion_id"),
                String(note, "note"),
                kind == GitLabWebhookKind.Emoji ? String(attributes, "name") : null,
                kind == GitLabWebhookKind.Emoji ? String(attributes, "awardable_type") : null,
                kind == GitLabWebhookKind.Emoji ? Long(attributes, "awardable_id") : null,
                description is { } change ? new GitLabTextChange(String(change, "previous"), String(change, "current")) : null);
        }
    }

    /// <summary>Whether <c>X-Gitlab-Token</c> equals the configured secret (constant time; no secret configured never matches).</summary>
    public static bool SecretMatches(string? provided, string configured)
    {
        if (string.IsNullOrEmpty(configured) || provided is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(configured));
    }

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object
            ? child
            : null;

    private static string? String(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static long? Long(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var number)
            ? number
            : null;

    private static bool? Bool(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
}
