using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>The REST endpoints (under /api/v4), acting as the user whose token came with the request.</summary>
public sealed partial class FakeGitLab
{
    private static readonly JsonSerializerOptions ResponseJson = new();

    private void MapApi(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v4");
        var project = "/projects/{id}";
        var issue = project + "/issues/{iid:long}";
        MapIdentity(api);

        api.MapGet("/users", (HttpContext c) => Api(c, (args, _) =>
        {
            var username = args.String("username");
            var found = users.Values.Where(u => username is null || string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase))
                .OrderBy(u => u.Id).Select(UserShape).ToList();
            return Ok(Page(c, found));
        }));

        api.MapGet(project + "/members/all/{userId:long}", (HttpContext c) => Api(c, (_, actor) =>
        {
            var p = ProjectFor(actor, Route(c, "id"));
            var userId = long.Parse(Route(c, "userId"), CultureInfo.InvariantCulture);
            return p.Members.TryGetValue(userId, out var level) && users.TryGetValue(userId, out var member)
                ? Ok(MemberShape(member, level))
                : throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Not found");
        }));

        api.MapPost(project + "/issues", (HttpContext c) => Api(c, (args, actor) =>
        {
            var p = ProjectFor(actor, Route(c, "id"));
            var created = CreateIssue(actor, p, args.String("title"), args.String("description"),
                args.List("labels") ?? [], args.Longs("assignee_ids") ?? [], args.Bool("confidential") ?? false);
            return (StatusCodes.Status201Created, IssueShape(p, created));
        }));

        api.MapGet(project + "/issues", (HttpContext c) => Api(c, (args, actor) =>
        {
            var p = ProjectFor(actor, Route(c, "id"));
            var state = args.String("state") ?? "all";
            var search = args.String("search");
            var scope = args.List("in") ?? ["title", "description"];
            var labels = args.List("labels") ?? [];
            var found = p.Issues
                .Where(i => CanSee(actor, p, i))
                .Where(i => state == "all" || i.State == state)
                .Where(i => labels.All(l => i.Labels.Contains(l, StringComparer.Ordinal)))
                .Where(i => string.IsNullOrEmpty(search)
                    || (scope.Contains("title") && i.Title.Contains(search, StringComparison.OrdinalIgnoreCase))
                    || (scope.Contains("description") && i.Description.Contains(search, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Iid)
                .Select(i => IssueShape(p, i))
                .ToList();
            return Ok(Page(c, found));
        }));

        api.MapGet(issue, (HttpContext c) => Api(c, (_, actor) =>
        {
            var (p, i) = IssueOf(c, actor);
            return Ok(IssueShape(p, i));
        }));

        api.MapPut(issue, (HttpContext c) => Api(c, (args, actor) =>
        {
            var (p, i) = IssueOf(c, actor);
            UpdateIssue(actor, p, i, new IssueUpdate(args.String("title"), args.String("description"), args.List("labels"),
                args.List("add_labels"), args.List("remove_labels"), args.String("state_event")));
            return Ok(IssueShape(p, i));
        }));

        api.MapGet(issue + "/notes", (HttpContext c) => Api(c, (args, actor) =>
        {
            var (_, i) = IssueOf(c, actor);
            var notes = i.Discussions.SelectMany(d => d.Notes.Select(n => (d, n))).OrderBy(x => x.n.CreatedAt).ThenBy(x => x.n.Id).ToList();
            if (!string.Equals(args.String("sort"), "asc", StringComparison.OrdinalIgnoreCase))
            {
                notes.Reverse();
            }

            return Ok(Page(c, notes.Select(x => NoteShape(i, x.d, x.n)).ToList()));
        }));

        api.MapPost(issue + "/notes", (HttpContext c) => Api(c, (args, actor) =>
        {
            var (p, i) = IssueOf(c, actor);
            var (d, n) = AddNote(actor, p, i, args.String("body"), replyTo: null, thread: false);
            return (StatusCodes.Status201Created, NoteShape(i, d, n));
        }));

        api.MapGet(issue + "/discussions", (HttpContext c) => Api(c, (_, actor) =>
        {
            var (_, i) = IssueOf(c, actor);
            return Ok(Page(c, i.Discussions.Select(d => DiscussionShape(i, d)).ToList()));
        }));

        api.MapPost(issue + "/discussions", (HttpContext c) => Api(c, (args, actor) =>
        {
            var (p, i) = IssueOf(c, actor);
            var (d, _) = AddNote(actor, p, i, args.String("body"), replyTo: null, thread: true);
            return (StatusCodes.Status201Created, DiscussionShape(i, d));
        }));

        api.MapGet(issue + "/discussions/{discussionId}", (HttpContext c) => Api(c, (_, actor) =>
        {
            var (_, i) = IssueOf(c, actor);
            var d = i.Discussions.FirstOrDefault(x => x.Id == Route(c, "discussionId"))
                ?? throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Discussion Not Found");
            return Ok(DiscussionShape(i, d));
        }));

        api.MapPut(issue + "/discussions/{discussionId}", (HttpContext c) => Api(c, (args, actor) =>
        {
            var (p, i) = IssueOf(c, actor);
            var resolved = args.Bool("resolved") ?? throw new FakeGitLabException(StatusCodes.Status400BadRequest, "resolved is missing");
            return Ok(DiscussionShape(i, Resolve(actor, p, i, Route(c, "discussionId"), resolved)));
        }));

        api.MapPost(issue + "/discussions/{discussionId}/notes", (HttpContext c) => Api(c, (args, actor) =>
        {
            var (p, i) = IssueOf(c, actor);
            var (d, n) = AddNote(actor, p, i, args.String("body"), Route(c, "discussionId"), thread: true);
            return (StatusCodes.Status201Created, NoteShape(i, d, n));
        }));

        api.MapGet(issue + "/award_emoji", (HttpContext c) => Api(c, (_, actor) =>
        {
            var (_, i) = IssueOf(c, actor);
            return Ok(Page(c, i.Awards.Select(AwardShape).ToList()));
        }));

        api.MapPost(issue + "/award_emoji", (HttpContext c) => Api(c, (args, actor) =>
        {
            var (p, i) = IssueOf(c, actor);
            return (StatusCodes.Status201Created, AwardShape(Award(actor, p, i, null, args.String("name"))));
        }));

        api.MapGet(issue + "/notes/{noteId:long}/award_emoji", (HttpContext c) => Api(c, (_, actor) =>
        {
            var (_, i) = IssueOf(c, actor);
            var noteId = long.Parse(Route(c, "noteId"), CultureInfo.InvariantCulture);
            var note = i.Notes.FirstOrDefault(n => n.Id == noteId) ?? throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Note Not Found");
            return Ok(Page(c, note.Awards.Select(AwardShape).ToList()));
        }));

        api.MapPost(issue + "/notes/{noteId:long}/award_emoji", (HttpContext c) => Api(c, (args, actor) =>
        {
            var (p, i) = IssueOf(c, actor);
            var noteId = long.Parse(Route(c, "noteId"), CultureInfo.InvariantCulture);
            return (StatusCodes.Status201Created, AwardShape(Award(actor, p, i, noteId, args.String("name"))));
        }));

        api.MapGet(project + "/repository/files/{**file}", (HttpContext c) => Api(c, (args, actor) =>
        {
            var p = ProjectFor(actor, Route(c, "id"));
            var file = Route(c, "file");
            if (!file.EndsWith("/raw", StringComparison.Ordinal))
            {
                throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Not Found");
            }

            var path = Uri.UnescapeDataString(file[..^"/raw".Length]);
            var files = FilesAt(p, args.String("ref"));
            return files.TryGetValue(path, out var content)
                ? (StatusCodes.Status200OK, new RawText(content))
                : throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 File Not Found");
        }));

        // A ref's commit: the SHA-1 of its files as they are now, kept as a ref of its own so reads at it stay stable.
        api.MapGet(project + "/repository/commits/{sha}", (HttpContext c) => Api(c, (_, actor) =>
        {
            var p = ProjectFor(actor, Route(c, "id"));
            var files = FilesAt(p, Uri.UnescapeDataString(Route(c, "sha")));
            var id = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(files.Select(f => $"{f.Key}\0{f.Value}\0")))));
            p.Files.TryAdd(id, new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal));
            return Ok(new { id, short_id = id[..8], title = "Team data", parent_ids = Array.Empty<string>() });
        }));

        api.MapGet(project + "/repository/tree", (HttpContext c) => Api(c, (args, actor) =>
        {
            var p = ProjectFor(actor, Route(c, "id"));
            var entries = Tree(FilesAt(p, args.String("ref")), args.String("path") ?? "", args.Bool("recursive") ?? false);
            if (entries.Count == 0)
            {
                throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Tree Not Found");
            }

            return Ok(KeysetPagination && string.Equals(args.String("pagination"), "keyset", StringComparison.Ordinal)
                ? KeysetPage(c, entries, args.String("page_token"))
                : Page(c, entries));
        }));
    }

    private static (int, object?) Ok(object? body) => (StatusCodes.Status200OK, body);

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? "";

    private (FakeGitLabProject, FakeGitLabIssue) IssueOf(HttpContext context, FakeGitLabUser actor)
    {
        var project = ProjectFor(actor, Route(context, "id"));
        return (project, IssueFor(actor, project, long.Parse(Route(context, "iid"), CultureInfo.InvariantCulture)));
    }

    private async Task Api(HttpContext context, Func<FakeGitLabRequest, FakeGitLabUser, (int Status, object? Body)> handle)
    {
        int status;
        object? body;
        try
        {
            var args = await FakeGitLabRequest.ReadAsync(context.Request);
            lock (gate)
            {
                var actor = ActorOf(context.Request) ?? throw new FakeGitLabException(StatusCodes.Status401Unauthorized, "401 Unauthorized");
                (status, body) = handle(args, actor);
            }
        }
        catch (FakeGitLabException e)
        {
            (status, body) = (e.StatusCode, new { message = e.Message });
        }

        if (body is RawText raw)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(raw.Content, context.RequestAborted);
            return;
        }

        await WriteJsonAsync(context, status, body);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, object? body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, ResponseJson), context.RequestAborted);
    }

    private static IReadOnlyDictionary<string, string> FilesAt(FakeGitLabProject project, string? gitRef) =>
        project.Files.TryGetValue(string.IsNullOrEmpty(gitRef) ? project.DefaultBranch : gitRef, out var files)
            ? files
            : throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Commit Not Found");

    /// <summary>The entries under a folder: its files and sub-folders, all levels deep when recursive.</summary>
    private static List<TreeEntry> Tree(IReadOnlyDictionary<string, string> files, string folder, bool recursive)
    {
        var prefix = folder.Trim('/') is { Length: > 0 } f ? f + "/" : "";
        var entries = new SortedDictionary<string, TreeEntry>(StringComparer.Ordinal);
        foreach (var path in files.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var parts = path[prefix.Length..].Split('/');
            var depth = recursive ? parts.Length : 1;
            for (var level = 1; level <= depth; level++)
            {
                var entryPath = prefix + string.Join('/', parts[..level]);
                var isFile = level == parts.Length;
                entries.TryAdd(entryPath, new TreeEntry(
                    Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(entryPath))),
                    parts[level - 1],
                    isFile ? "blob" : "tree",
                    entryPath,
                    isFile ? "100644" : "040000"));
            }
        }

        return [.. entries.Values];
    }

    /// <summary>Keyset pagination as the tree endpoint offers it: only a Link rel="next" carrying page_token.</summary>
    private List<TreeEntry> KeysetPage(HttpContext context, List<TreeEntry> entries, string? pageToken)
    {
        var perPage = Math.Clamp(ParseOr(context.Request.Query["per_page"], DefaultPerPage), 1, MaxPerPage);
        var start = pageToken is null ? 0 : entries.FindIndex(e => e.id == pageToken) + 1;
        var slice = entries.Skip(start).Take(perPage).ToList();
        if (start + perPage < entries.Count)
        {
            var url = PageUrl(context, 1, perPage).Replace("page=1&", "", StringComparison.Ordinal);
            url = url.Contains("page_token=", StringComparison.Ordinal)
                ? System.Text.RegularExpressions.Regex.Replace(url, "page_token=[^&]*", $"page_token={slice[^1].id}")
                : $"{url}&page_token={slice[^1].id}";
            context.Response.Headers.Link = $"<{url}>; rel=\"next\"";
        }

        return slice;
    }

    private sealed record RawText(string Content);

    // Lower-case names: serialized as GitLab spells them.
#pragma warning disable IDE1006
    private sealed record TreeEntry(string id, string name, string type, string path, string mode);
#pragma warning restore IDE1006
}
