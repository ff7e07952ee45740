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
/// closed, labels, assignees, the description and every thread in order).
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
            .Append(CultureInfo.InvariantCulture, $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{Text(issue.Title)} (#{issue.Iid}) · {Text(project.PathWithNamespace)}</title></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<p>{Text(project.PathWithNamespace)} · issue #{issue.Iid}</p>")
            .Append(CultureInfo.InvariantCulture, $"<h1>{Text(issue.Title)}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p><strong class=\"issue-state\">{Text(state)}</strong> · opened by {Text(Name(issue.AuthorId))}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p>Labels: {Text(string.Join(", ", issue.Labels))} · Assignees: {Text(string.Join(", ", issue.AssigneeIds.Select(Name)))}</p>")
            .Append(CultureInfo.InvariantCulture, $"<pre class=\"description\">{Text(issue.Description)}</pre>");
        foreach (var discussion in issue.Discussions)
        {
            html.Append("<section class=\"thread\">");
            foreach (var note in discussion.Notes)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<article><p>{Text(Name(note.AuthorId))} · {note.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}</p><pre>{Text(note.Body)}</pre></article>");
            }
            html.Append("</section>");
        }
        return html.Append("</body></html>").ToString();
    }
}
