using System.Globalization;
using System.Text.RegularExpressions;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.GitLab;

public sealed partial class GitLabClient
{
    private const int PerPage = 100;
    private const int MaxPages = 10_000;

    /// <summary>
    /// Every item of a paged list: follows <c>Link: rel="next"</c> (which also covers keyset pagination), else
    /// <c>x-next-page</c>. A next link to another host is refused, since the request would carry our token there.
    /// </summary>
    private async Task<IReadOnlyList<T>> GetAllPagesAsync<T>(string relativeUri, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var uri = new Uri(http.BaseAddress!, WithQuery(relativeUri, "per_page", PerPage.ToString(CultureInfo.InvariantCulture)));
        for (var page = 0; page < MaxPages; page++)
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            items.AddRange(await response.ReadJsonAsync<List<T>>(Vendor, Json, cancellationToken));
            var next = NextPage(response, uri, http.BaseAddress!);
            if (next is null)
            {
                return items;
            }

            uri = next;
        }

        throw new VendorApiException(Vendor, null, $"GET {uri.AbsolutePath} has more than {MaxPages} pages");
    }

    internal static Uri? NextPage(HttpResponseMessage response, Uri current, Uri baseAddress)
    {
        if (response.Headers.TryGetValues("Link", out var links))
        {
            foreach (Match match in LinkPattern().Matches(string.Join(',', links)))
            {
                if (!string.Equals(match.Groups["rel"].Value, "next", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var next = new Uri(current, match.Groups["url"].Value);
                if (Uri.Compare(next, baseAddress, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
                {
                    throw new VendorApiException(Vendor, response.StatusCode,
                        $"GET {current.AbsolutePath} pointed its next page at another host; refusing to send the token there");
                }

                return next;
            }
        }

        if (response.Headers.TryGetValues("x-next-page", out var nextPage)
            && int.TryParse(nextPage.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return new Uri(WithQuery(current.AbsoluteUri, "page", number.ToString(CultureInfo.InvariantCulture)));
        }

        return null;
    }

    /// <summary>The URI with <paramref name="name"/> set to <paramref name="value"/> (replaced when present).</summary>
    internal static string WithQuery(string uri, string name, string value)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? uri : uri[..queryStart];
        var pairs = queryStart < 0
            ? []
            : uri[(queryStart + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal) && p != name)
                .ToList();
        pairs.Add($"{name}={Uri.EscapeDataString(value)}");
        return $"{path}?{string.Join('&', pairs)}";
    }

    [GeneratedRegex("<(?<url>[^>]*)>\\s*;\\s*rel=\"?(?<rel>[^\",;]+)\"?")]
    private static partial Regex LinkPattern();
}
