using Microsoft.AspNetCore.Http;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace AuditOrchestrator.Sandbox.GitLab;

public sealed partial class FakeGitLab
{
    private const int DefaultPerPage = 20;

    /// <summary>Whether the tree endpoint honours <c>pagination=keyset</c> (older GitLab versions page by offset instead).</summary>
    public bool KeysetPagination { get; set; } = true;

    /// <summary>The largest page served (GitLab: 100); tests lower it to see paging with few items.</summary>
    public int MaxPerPage { get; set; } = 100;

    /// <summary>
    /// One page of <paramref name="items"/> by <c>page</c>/<c>per_page</c> (20 by default, 100 at most), with GitLab's
    /// X-Page, X-Per-Page, X-Total, X-Total-Pages, X-Next-Page, X-Prev-Page and Link headers.
    /// </summary>
    private List<T> Page<T>(HttpContext context, IReadOnlyList<T> items)
    {
        var query = context.Request.Query;
        var perPage = Math.Clamp(ParseOr(query["per_page"], DefaultPerPage), 1, MaxPerPage);
        var page = Math.Max(1, ParseOr(query["page"], 1));
        var totalPages = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var slice = items.Skip((page - 1) * perPage).Take(perPage).ToList();

        var headers = context.Response.Headers;
        var withNextPage = PagingHeaders != FakeGitLabPagingHeaders.LinkOnly;
        var withLink = PagingHeaders != FakeGitLabPagingHeaders.NextPageOnly;
        if (withNextPage)
        {
            headers["X-Page"] = Text(page);
            headers["X-Per-Page"] = Text(perPage);
            headers["X-Total"] = Text(items.Count);
            headers["X-Total-Pages"] = Text(totalPages);
            headers["X-Next-Page"] = page < totalPages ? Text(page + 1) : "";
            headers["X-Prev-Page"] = page > 1 ? Text(page - 1) : "";
        }

        if (withLink)
        {
            var links = new List<string>();
            if (page > 1)
            {
                links.Add($"<{PageUrl(context, page - 1, perPage)}>; rel=\"prev\"");
            }

            if (page < totalPages)
            {
                links.Add($"<{PageUrl(context, page + 1, perPage)}>; rel=\"next\"");
            }

            links.Add($"<{PageUrl(context, 1, perPage)}>; rel=\"first\"");
            links.Add($"<{PageUrl(context, totalPages, perPage)}>; rel=\"last\"");
            headers.Link = string.Join(", ", links);
        }

        return slice;
    }

    private static string PageUrl(HttpContext context, int page, int perPage)
    {
        var request = context.Request;
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => p.Key is not ("page" or "per_page"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new("page", Text(page)))
            .Append(new("per_page", Text(perPage)));
        // The raw target keeps the project path's %2F as the client sent it.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent();
        var rawPath = rawTarget.Split('?')[0];
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{rawPath}{QueryString.Create(query).ToUriComponent()}";
    }

    private static int ParseOr(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
