using System.Text.Json.Serialization;

namespace AuditOrchestrator.Vendors.GitLab;

// Only the fields the orchestrator reads; GitLab sends many more.

public sealed record GitLabUser(long Id, string Username, string Name, string? State = null, string? WebUrl = null);

public sealed record GitLabIssue(
    long Id,
    long Iid,
    long ProjectId,
    string Title,
    string? Description,
    string State,
    IReadOnlyList<string> Labels,
    IReadOnlyList<GitLabUser> Assignees,
    GitLabUser? Author,
    bool Confidential,
    string WebUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? ClosedAt,
    GitLabUser? ClosedBy)
{
    [JsonIgnore]
    public bool IsClosed => State == "closed";
}

public sealed record GitLabNote(
    long Id,
    string? Type,
    string Body,
    GitLabUser Author,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt,
    bool System,
    long? NoteableId,
    string? NoteableType,
    long? NoteableIid,
    bool Resolvable,
    bool Resolved,
    GitLabUser? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    bool Confidential,
    bool Internal);

public sealed record GitLabDiscussion(string Id, bool IndividualNote, IReadOnlyList<GitLabNote> Notes)
{
    [JsonIgnore]
    public bool IsResolved => Notes.Any(n => n.Resolvable) && Notes.Where(n => n.Resolvable).All(n => n.Resolved);
}

public sealed record GitLabAwardEmoji(
    long Id,
    string Name,
    GitLabUser User,
    DateTimeOffset CreatedAt,
    long AwardableId,
    string AwardableType);

public sealed record GitLabMember(long Id, string Username, string Name, string? State, int AccessLevel)
{
    /// <summary>Reporter (20) or above sees confidential issues; Guests do not.</summary>
    public const int ReporterAccess = 20;

    [JsonIgnore]
    public bool CanSeeConfidentialIssues => AccessLevel >= ReporterAccess;
}

public sealed record GitLabTreeEntry(string Id, string Name, string Type, string Path, string Mode)
{
    [JsonIgnore]
    public bool IsFile => Type == "blob";
}

/// <summary>What a new audit issue is created with.</summary>
public sealed record NewIssue(
    string Title,
    string Description,
    IReadOnlyList<string>? Labels = null,
    IReadOnlyList<long>? AssigneeIds = null,
    bool Confidential = false);

/// <summary>A note found by its idempotency key, with the thread it belongs to.</summary>
public sealed record KeyedNote(string DiscussionId, GitLabNote Note);
