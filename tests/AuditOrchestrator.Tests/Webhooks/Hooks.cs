using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Tests.Webhooks;

/// <summary>Webhook bodies and API objects shaped like GitLab's, for the signal rules.</summary>
internal static class Hooks
{
    public const long Project = 2001;
    public const long Iid = 7;
    public const long IssueId = 50_007;
    public const string Thread = "6a9c1750b37d513a43987b574953fceb50b03ce7";
    public const string Bot = "audit-bot";
    public static readonly GitLabSignalRules Rules = new(Bot, "white_check_mark", "thumbsup");
    public static readonly DateTimeOffset At = new(2026, 11, 22, 2, 28, 0, 123, TimeSpan.Zero);

    public static GitLabHook Note(string author, long noteId, string body, string action = "create", bool system = false, string? resolvedAt = null) =>
        GitLabHook.Parse("Note Hook", new JsonObject
        {
            ["object_kind"] = "note",
            ["user"] = User(author),
            ["project_id"] = Project,
            ["project"] = new JsonObject { ["id"] = Project, ["path_with_namespace"] = "support/audits" },
            ["object_attributes"] = new JsonObject
            {
                ["id"] = noteId, ["note"] = body, ["noteable_type"] = "Issue", ["system"] = system,
                ["discussion_id"] = Thread, ["action"] = action, ["resolved_at"] = resolvedAt,
            },
            ["issue"] = IssueAttributes("opened", null),
        }.ToJsonString());

    public static GitLabHook Award(string author, long awardId, string emoji, long noteId, string eventType = "award") =>
        GitLabHook.Parse("Emoji Hook", new JsonObject
        {
            ["object_kind"] = "emoji",
            ["event_type"] = eventType,
            ["user"] = User(author),
            ["project_id"] = Project,
            ["project"] = new JsonObject { ["id"] = Project },
            ["object_attributes"] = new JsonObject
            {
                ["id"] = awardId, ["name"] = emoji, ["awardable_type"] = "Note", ["awardable_id"] = noteId,
            },
            ["note"] = new JsonObject { ["id"] = noteId, ["note"] = "Please fix", ["discussion_id"] = Thread, ["noteable_type"] = "Issue" },
            ["issue"] = IssueAttributes("opened", null),
        }.ToJsonString());

    public static GitLabHook Issue(string author, string action, string state, string updatedAt, string? closedAt = null, string? newDescription = null,
        string eventName = "Issue Hook")
    {
        var attributes = IssueAttributes(state, closedAt);
        attributes["updated_at"] = updatedAt;
        attributes["action"] = action;
        var changes = new JsonObject();
        if (newDescription is not null)
        {
            changes["description"] = new JsonObject { ["previous"] = "old", ["current"] = newDescription };
        }

        return GitLabHook.Parse(eventName, new JsonObject
        {
            ["object_kind"] = "issue",
            ["user"] = User(author),
            ["project"] = new JsonObject { ["id"] = Project },
            ["object_attributes"] = attributes,
            ["changes"] = changes,
        }.ToJsonString());
    }

    public static GitLabUser ApiUser(string username) => new(username.Length, username, username);

    public static GitLabNote ApiNote(long id, string author, string body, bool system = false, bool resolvable = true,
        bool resolved = false, string? resolvedBy = null, DateTimeOffset? at = null) =>
        new(id, resolvable ? "DiscussionNote" : null, body, ApiUser(author), at ?? At, at ?? At, system, IssueId, "Issue", Iid,
            resolvable, resolved, resolvedBy is null ? null : ApiUser(resolvedBy), resolved ? At : null, false, false);

    public static GitLabIssue ApiIssue(string state = "opened", string? closedBy = null, DateTimeOffset? closedAt = null, string description = "") =>
        new(IssueId, Iid, Project, "Audit", description, state, [], [], ApiUser(Bot), true, "https://gitlab.example/support/audits/-/issues/7",
            At.AddDays(-3), At, closedAt, closedBy is null ? null : ApiUser(closedBy));

    public static GitLabAwardEmoji ApiAward(long id, string emoji, string by, long noteId) => new(id, emoji, ApiUser(by), At, noteId, "Note");

    private static JsonObject User(string username) => new() { ["id"] = username.Length, ["username"] = username, ["name"] = username };

    private static JsonObject IssueAttributes(string state, string? closedAt) => new()
    {
        ["id"] = IssueId, ["iid"] = Iid, ["project_id"] = Project, ["state"] = state, ["confidential"] = true,
        ["updated_at"] = "2026-11-22T02:28:00.123Z", ["closed_at"] = closedAt,
    };
}
