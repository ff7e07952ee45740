using Microsoft.AspNetCore.Http;
namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// Every state change of the simulated GitLab, whoever makes it (API caller or simulated person), in one place, each
/// queuing the webhook GitLab would send. Callers hold the lock.
/// </summary>
public sealed partial class FakeGitLab
{
    private const int ReporterAccess = 20;

    private bool CanSee(FakeGitLabUser actor, FakeGitLabProject project, FakeGitLabIssue issue)
    {
        if (!project.Members.TryGetValue(actor.Id, out var level))
        {
            return false;
        }

        return !issue.Confidential || level >= ReporterAccess || issue.AuthorId == actor.Id || issue.AssigneeIds.Contains(actor.Id);
    }

    private FakeGitLabProject ProjectFor(FakeGitLabUser actor, string idOrPath)
    {
        var project = RequireProject(idOrPath);
        return project.Members.ContainsKey(actor.Id)
            ? project
            : throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Project Not Found");
    }

    private FakeGitLabIssue IssueFor(FakeGitLabUser actor, FakeGitLabProject project, long iid)
    {
        var issue = RequireIssue(project, iid);
        return CanSee(actor, project, issue) ? issue : throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Issue Not Found");
    }

    private FakeGitLabIssue CreateIssue(FakeGitLabUser actor, FakeGitLabProject project, string? title, string? description,
        IEnumerable<string> labels, IEnumerable<long> assigneeIds, bool confidential)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new FakeGitLabException(StatusCodes.Status400BadRequest, "title is missing");
        }

        var now = Time.GetUtcNow();
        var issue = new FakeGitLabIssue
        {
            Id = ++nextIssueId,
            Iid = project.Issues.Count == 0 ? 1 : project.Issues.Max(i => i.Iid) + 1,
            ProjectId = project.Id,
            Title = title,
            Description = description ?? "",
            Labels = [.. labels.Distinct(StringComparer.Ordinal)],
            AssigneeIds = [.. assigneeIds.Where(users.ContainsKey).Distinct()],
            AuthorId = actor.Id,
            Confidential = confidential,
            CreatedAt = now,
            UpdatedAt = now,
        };
        project.Issues.Add(issue);
        QueueIssueHook(actor, project, issue, "open", new Dictionary<string, object?>());
        return issue;
    }

    private void UpdateIssue(FakeGitLabUser actor, FakeGitLabProject project, FakeGitLabIssue issue, IssueUpdate update)
    {
        var level = project.Members.GetValueOrDefault(actor.Id);
        if (level < ReporterAccess && issue.AuthorId != actor.Id)
        {
            throw new FakeGitLabException(StatusCodes.Status403Forbidden, "403 Forbidden");
        }

        var now = Time.GetUtcNow();
        var changes = new Dictionary<string, object?>();
        string action = "update";
        if (update.Title is { } title && title != issue.Title)
        {
            changes["title"] = new { previous = issue.Title, current = title };
            issue.Title = title;
        }

        if (update.Description is { } description && description != issue.Description)
        {
            changes["description"] = new { previous = issue.Description, current = description };
            issue.Description = description;
        }

        var labels = update.Labels?.ToList() ?? [.. issue.Labels];
        labels.AddRange(update.AddLabels ?? []);
        labels.RemoveAll(l => update.RemoveLabels?.Contains(l, StringComparer.Ordinal) == true);
        labels = [.. labels.Distinct(StringComparer.Ordinal)];
        if (!labels.SequenceEqual(issue.Labels, StringComparer.Ordinal))
        {
            changes["labels"] = new { previous = issue.Labels.Select(LabelShape).ToList(), current = labels.Select(LabelShape).ToList() };
            issue.Labels = labels;
        }

        if (update.StateEvent == "close" && issue.State != "closed")
        {
            changes["state_id"] = new { previous = 1, current = 2 };
            changes["closed_at"] = new { previous = (string?)null, current = Iso(now) };
            issue.State = "closed";
            issue.ClosedAt = now;
            issue.ClosedById = actor.Id;
            action = "close";
        }
        else if (update.StateEvent == "reopen" && issue.State == "closed")
        {
            changes["state_id"] = new { previous = 2, current = 1 };
            changes["closed_at"] = new { previous = Iso(issue.ClosedAt), current = (string?)null };
            issue.State = "opened";
            issue.ClosedAt = null;
            issue.ClosedById = null;
            action = "reopen";
        }
        else if (update.StateEvent is { } stateEvent && stateEvent is not ("close" or "reopen"))
        {
            throw new FakeGitLabException(StatusCodes.Status400BadRequest, "state_event does not have a valid value");
        }

        if (changes.Count == 0)
        {
            return;
        }

        changes["updated_at"] = new { previous = Iso(issue.UpdatedAt), current = Iso(now) };
        issue.UpdatedAt = now;
        AddSystemNotes(actor, issue, changes, now);
        QueueIssueHook(actor, project, issue, action, changes);
    }

    /// <summary>The notes GitLab writes itself ("closed", "changed the description"): listed, never hooked.</summary>
    private void AddSystemNotes(FakeGitLabUser actor, FakeGitLabIssue issue, Dictionary<string, object?> changes, DateTimeOffset now)
    {
        var texts = new List<string>();
        if (changes.ContainsKey("state_id"))
        {
            texts.Add(issue.State == "closed" ? "closed" : "reopened");
        }

        if (changes.ContainsKey("description"))
        {
            texts.Add("changed the description");
        }

        if (changes.ContainsKey("title"))
        {
            texts.Add($"changed title to **{issue.Title}**");
        }

        if (changes.ContainsKey("labels"))
        {
            texts.Add("changed labels");
        }

        foreach (var text in texts)
        {
            var discussion = new FakeGitLabDiscussion { Id = NewDiscussionId(), IndividualNote = true };
            discussion.Notes.Add(new FakeGitLabNote
            {
                Id = ++nextNoteId,
                DiscussionId = discussion.Id,
                Body = text,
                AuthorId = actor.Id,
                CreatedAt = now,
                UpdatedAt = now,
                System = true,
            });
            issue.Discussions.Add(discussion);
        }
    }

    /// <summary>The longest note GitLab accepts, in characters.</summary>
    public const int MaxNoteLength = 1_000_000;

    private (FakeGitLabDiscussion Discussion, FakeGitLabNote Note) AddNote(
        FakeGitLabUser actor, FakeGitLabProject project, FakeGitLabIssue issue, string? body, string? replyTo, bool thread)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new FakeGitLabException(StatusCodes.Status400BadRequest, "body is missing");
        }
        if (body.Length > MaxNoteLength)
        {
            // GitLab refuses a note longer than its text limit (Gitlab::Database::MAX_TEXT_SIZE_LIMIT).
            throw new FakeGitLabException(StatusCodes.Status400BadRequest, $"Note is too long (maximum is {MaxNoteLength} characters)");
        }

        FakeGitLabDiscussion discussion;
        if (replyTo is not null)
        {
            discussion = issue.Discussions.FirstOrDefault(d => d.Id == replyTo)
                ?? throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Discussion Not Found");
            if (discussion.IndividualNote)
            {
                // Replying to a single note turns it into a thread, as in GitLab.
                discussion.IndividualNote = false;
                discussion.Notes.ForEach(n => n.Resolvable = true);
            }
        }
        else
        {
            discussion = new FakeGitLabDiscussion { Id = NewDiscussionId(), IndividualNote = !thread };
            issue.Discussions.Add(discussion);
        }

        var now = Time.GetUtcNow();
        var note = new FakeGitLabNote
        {
            Id = ++nextNoteId,
            DiscussionId = discussion.Id,
            Body = body,
            AuthorId = actor.Id,
            CreatedAt = now,
            UpdatedAt = now,
            Resolvable = !discussion.IndividualNote,
        };
        discussion.Notes.Add(note);
        issue.UpdatedAt = now;
        QueueNoteHook(actor, project, issue, discussion, note, "create");
        return (discussion, note);
    }

    private FakeGitLabDiscussion Resolve(FakeGitLabUser actor, FakeGitLabProject project, FakeGitLabIssue issue, string discussionId, bool resolved)
    {
        var discussion = issue.Discussions.FirstOrDefault(d => d.Id == discussionId)
            ?? throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Discussion Not Found");
        if (discussion.IndividualNote)
        {
            throw new FakeGitLabException(StatusCodes.Status400BadRequest, "Discussion is not resolvable");
        }

        var now = Time.GetUtcNow();
        foreach (var note in discussion.Notes.Where(n => n.Resolvable))
        {
            note.Resolved = resolved;
            note.ResolvedById = resolved ? actor.Id : null;
            note.ResolvedAt = resolved ? now : null;
        }

        if (HookOnResolve)
        {
            QueueNoteHook(actor, project, issue, discussion, discussion.Notes[0], "update");
        }

        return discussion;
    }

    private FakeGitLabAward Award(FakeGitLabUser actor, FakeGitLabProject project, FakeGitLabIssue issue, long? noteId, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-'))
        {
            throw new FakeGitLabException(StatusCodes.Status400BadRequest, "name is missing or not an emoji name");
        }

        FakeGitLabNote? note = null;
        FakeGitLabDiscussion? discussion = null;
        if (noteId is { } id)
        {
            discussion = issue.Discussions.FirstOrDefault(d => d.Notes.Any(n => n.Id == id))
                ?? throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Note Not Found");
            note = discussion.Notes.First(n => n.Id == id);
        }

        var awards = note?.Awards ?? issue.Awards;
        if (awards.Any(a => a.UserId == actor.Id && a.Name == name))
        {
            throw new FakeGitLabException(StatusCodes.Status400BadRequest, "Award Emoji Name has already been taken");
        }

        var award = new FakeGitLabAward
        {
            Id = ++nextAwardId,
            Name = name,
            UserId = actor.Id,
            CreatedAt = Time.GetUtcNow(),
            AwardableType = note is null ? "Issue" : "Note",
            AwardableId = note?.Id ?? issue.Id,
        };
        awards.Add(award);
        QueueEmojiHook(actor, project, issue, discussion, note, award);
        return award;
    }

    private sealed record IssueUpdate(
        string? Title = null,
        string? Description = null,
        IReadOnlyList<string>? Labels = null,
        IReadOnlyList<string>? AddLabels = null,
        IReadOnlyList<string>? RemoveLabels = null,
        string? StateEvent = null);
}
