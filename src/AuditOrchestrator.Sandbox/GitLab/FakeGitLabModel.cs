using Microsoft.AspNetCore.Http;
namespace AuditOrchestrator.Sandbox.GitLab;

// The simulated GitLab's in-memory state. Every read and write happens under FakeGitLab's lock.

public sealed class FakeGitLabUser
{
    public required long Id { get; init; }
    public required string Username { get; init; }
    public required string Name { get; init; }
    public string Email { get; init; } = "";
    public string State { get; set; } = "active";
}

public sealed class FakeGitLabProject
{
    public required long Id { get; init; }
    public required string PathWithNamespace { get; init; }
    public string DefaultBranch { get; init; } = "main";

    /// <summary>User id → access level (10 guest, 15 planner, 20 reporter, 30 developer, 40 maintainer, 50 owner).</summary>
    public Dictionary<long, int> Members { get; } = [];

    /// <summary>Ref (branch, tag or commit) → file path → content.</summary>
    public Dictionary<string, SortedDictionary<string, string>> Files { get; } = new(StringComparer.Ordinal);

    public List<FakeGitLabIssue> Issues { get; } = [];

    public string Name => PathWithNamespace[(PathWithNamespace.LastIndexOf('/') + 1)..];
}

public sealed class FakeGitLabIssue
{
    public required long Id { get; init; }
    public required long Iid { get; init; }
    public required long ProjectId { get; init; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public string State { get; set; } = "opened";
    public List<string> Labels { get; set; } = [];
    public List<long> AssigneeIds { get; set; } = [];
    public required long AuthorId { get; init; }
    public bool Confidential { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public long? ClosedById { get; set; }
    public List<FakeGitLabDiscussion> Discussions { get; } = [];
    public List<FakeGitLabAward> Awards { get; } = [];

    public IEnumerable<FakeGitLabNote> Notes => Discussions.SelectMany(d => d.Notes);
}

public sealed class FakeGitLabDiscussion
{
    public required string Id { get; init; }
    public bool IndividualNote { get; set; }
    public List<FakeGitLabNote> Notes { get; } = [];
}

public sealed class FakeGitLabNote
{
    public required long Id { get; init; }
    public required string DiscussionId { get; init; }
    public required string Body { get; set; }
    public required long AuthorId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool System { get; init; }
    public bool Resolvable { get; set; }
    public bool Resolved { get; set; }
    public long? ResolvedById { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public List<FakeGitLabAward> Awards { get; } = [];
}

public sealed class FakeGitLabAward
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required long UserId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string AwardableType { get; init; }
    public required long AwardableId { get; init; }
}

/// <summary>A refusal the simulated GitLab answers with <see cref="StatusCode"/> and GitLab's <c>{"message": …}</c>.</summary>
public sealed class FakeGitLabException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
