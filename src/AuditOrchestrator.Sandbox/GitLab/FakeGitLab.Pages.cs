using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// The issue's web page (<c>{project}/-/issues/{iid}</c>, the <c>web_url</c> the API hands out), read-only and without
/// sign-in: in the sandbox, the issue link of a run leads somewhere, showing the issue as GitLab would (title, open or
/// closed, labels, assignees, the description and every thread in order), the markdown rendered and sanitized.
/// </summary>
public sealed partial class FakeGitLab
{
    [GeneratedRegex(@"^/(?<project>.+)/-/issues/(?<iid>\d+)$")]
    private static partial Regex IssuePagePath();

    // A middleware rather than a route: a project path has any number of segments before "/-/issues/", which a route
    // template cannot express without a regex constraint, and the slim host has none.
    private void MapPages(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var match = IssuePagePath().Match(context.Request.Path.Value ?? "");
            if (!HttpMethods.IsGet(context.Request.Method) || !match.Success)
            {
                await next(context);
                return;
            }
            string? page;
            lock (gate)
            {
                var project = FindProject(match.Groups["project"].Value);
                var issue = project?.Issues.FirstOrDefault(i => i.Iid == long.Parse(match.Groups["iid"].Value, CultureInfo.InvariantCulture));
                page = project is null || issue is null ? null : IssuePage(project, issue);
            }
            context.Response.StatusCode = page is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(page ?? "<!doctype html><title>404</title><p>Page Not Found</p>", context.RequestAborted);
        });

    private string IssuePage(FakeGitLabProject project, FakeGitLabIssue issue)
    {
        string Name(long id) => users.TryGetValue(id, out var user) ? "@" + user.Username : $"user {id}";
        static string Text(string value) => WebUtility.HtmlEncode(value);

        var state = issue.State == "closed"
            ? $"Closed{(issue.ClosedById is { } by ? " by " + Name(by) : "")}{(issue.ClosedAt is { } at ? " " + at.ToString("u", CultureInfo.InvariantCulture) : "")}"
            : "Open";
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{Text(issue.Title)} (#{issue.Iid}) · {Text(project.PathWithNamespace)}</title>{PageStyle}</head><body>")
            .Append(CultureInfo.InvariantCulture, $"<p>{Text(project.PathWithNamespace)} · issue #{issue.Iid}</p>")
            .Append(CultureInfo.InvariantCulture, $"<h1>{Text(issue.Title)}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p><strong class=\"issue-state\">{Text(state)}</strong> · opened by {Text(Name(issue.AuthorId))}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p>Labels: {Text(string.Join(", ", issue.Labels))} · Assignees: {Text(string.Join(", ", issue.AssigneeIds.Select(Name)))}</p>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"description md\">{IssueMarkdown.ToHtml(issue.Description)}</div>");
        foreach (var discussion in issue.Discussions)
        {
            html.Append("<section class=\"thread\">");
            foreach (var note in discussion.Notes)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<article class=\"note\" id=\"note_{note.Id}\"><p class=\"note-header\"><strong>{Text(Name(note.AuthorId))}</strong> · {note.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}</p><div class=\"md\">{IssueMarkdown.ToHtml(note.Body)}</div>{Awards(note)}</article>");
            }
            if (discussion.Notes.FirstOrDefault() is { Resolved: true } first)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"resolved\">Thread resolved{(first.ResolvedById is { } resolver ? " by " + Text(Name(resolver)) : "")}</p>");
            }
            html.Append("</section>");
        }
        return html.Append("</body></html>").ToString();

        string Awards(FakeGitLabNote note) => note.Awards.Count == 0
            ? ""
            : $"<div class=\"awards\">{IssueMarkdown.ToHtml(string.Join(" · ", note.Awards.Select(a => $":{a.Name}: {Name(a.UserId)}")))}</div>";
    }

    private const string PageStyle = """
        <style>
        body { font: 14px/1.5 system-ui, sans-serif; max-width: 980px; margin: 24px auto; color: #333238; }
        .md table { border-collapse: collapse; margin: 8px 0; } .md th, .md td { border: 1px solid #dcdcde; padding: 4px 10px; }
        .md code { background: #f0f0f0; padding: 1px 4px; border-radius: 3px; }
        .md ul.contains-task-list { list-style: none; padding-left: 4px; }
        .thread { border: 1px solid #dcdcde; border-radius: 4px; margin: 12px 0; }
        .note { padding: 8px 14px; border-top: 1px solid #ececef; } .note:first-child { border-top: 0; }
        .note-header { margin: 0; color: #626168; } .awards, .resolved { color: #626168; font-size: 13px; } .resolved { padding: 4px 14px; margin: 0; }
        </style>
        """;
}
