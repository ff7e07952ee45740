using System.Text;
using System.Text.Json;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.Zendesk;

/// <summary>
/// Zendesk Support API v2 for one instance (main or US Federal): agents and admins, custom roles, groups and
/// group memberships, cursor-paged (page[size]=100, meta.has_more, links.next). Get one from <see cref="ZendeskClients"/>.
/// </summary>
public sealed class ZendeskClient(HttpClient http, ZendeskInstance instance, ZendeskOptions options)
{
    public ZendeskInstance Instance => instance;

    /// <summary>The API root the client calls (recorded with the account lists it reads).</summary>
    public string ApiRoot => http.BaseAddress?.ToString() ?? "";

    public string Vendor => VendorName(instance);

    public static string VendorName(ZendeskInstance instance) =>
        instance == ZendeskInstance.Main ? "Zendesk (main)" : "Zendesk (us-federal)";

    public async Task<ZendeskSnapshot> FetchSnapshotAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Token) || string.IsNullOrWhiteSpace(options.Email) || string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            var prefix = instance == ZendeskInstance.Main ? "Zendesk__Main__" : "Zendesk__UsFederal__";
            throw new VendorApiException(Vendor, null, $"no API token configured ({prefix}BaseUrl, {prefix}Email and {prefix}Token are needed)");
        }

        var owner = await GetCurrentUserAsync(cancellationToken);
        var users = await ListAsync("users?role[]=agent&role[]=admin&page[size]=100", "users", ReadUser, cancellationToken);
        var roles = await ListAsync("custom_roles", "custom_roles",
            e => new ZendeskCustomRole(e.GetProperty("id").GetInt64(), e.GetProperty("name").GetString() ?? "",
                e.TryGetProperty("role_type", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : 0), cancellationToken);
        var groups = await ListAsync("groups?page[size]=100", "groups",
            e => new ZendeskGroup(e.GetProperty("id").GetInt64(), e.GetProperty("name").GetString() ?? ""), cancellationToken);
        var memberships = await ListAsync("group_memberships?page[size]=100", "group_memberships",
            e => new ZendeskGroupMembership(e.GetProperty("user_id").GetInt64(), e.GetProperty("group_id").GetInt64()), cancellationToken);
        return new ZendeskSnapshot(users, roles, groups, memberships) { TokenOwner = owner };
    }

    /// <summary>The user the token belongs to; null when Zendesk answers with the anonymous user (id null).</summary>
    private async Task<ZendeskUser?> GetCurrentUserAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("users/me.json", UriKind.Relative), cancellationToken);
        using var me = await response.ReadJsonAsync<JsonDocument>(Vendor, VendorJson.SnakeCase, cancellationToken);
        return me.RootElement.TryGetProperty("user", out var user) && user.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
            ? ReadUser(user)
            : null;
    }

    private static ZendeskUser ReadUser(JsonElement e) => new(
        e.GetProperty("id").GetInt64(),
        e.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "",
        e.TryGetProperty("email", out var m) ? m.GetString() : null,
        e.TryGetProperty("role", out var r) ? r.GetString() ?? "agent" : "agent",
        e.TryGetProperty("custom_role_id", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt64() : null,
        e.TryGetProperty("suspended", out var s) && s.ValueKind == JsonValueKind.True);

    private async Task<List<T>> ListAsync<T>(string firstPage, string collection, Func<JsonElement, T> map, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        Uri? next = new(firstPage, UriKind.Relative);
        while (next is not null)
        {
            using var response = await http.GetAsync(next, cancellationToken);
            using var page = await response.ReadJsonAsync<JsonDocument>(Vendor, VendorJson.SnakeCase, cancellationToken);
            var root = page.RootElement;
            if (!root.TryGetProperty(collection, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new VendorApiException(Vendor, response.StatusCode, $"GET {next} returned no '{collection}' list");
            }

            items.AddRange(list.EnumerateArray().Select(map));
            next = NextPage(root);
        }

        return items;
    }

    /// <summary>Follows links.next only on our own host: the credentials must never go anywhere else.</summary>
    private Uri? NextPage(JsonElement root)
    {
        var hasMore = root.TryGetProperty("meta", out var meta) && meta.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True;
        if (!hasMore || !root.TryGetProperty("links", out var links) || !links.TryGetProperty("next", out var nextLink)
            || nextLink.GetString() is not { Length: > 0 } next)
        {
            return null;
        }

        var absolute = new Uri(http.BaseAddress!, next);
        if (!string.Equals(absolute.Authority, http.BaseAddress!.Authority, StringComparison.OrdinalIgnoreCase))
        {
            throw new VendorApiException(Vendor, null, "links.next points at another host; refusing to follow it");
        }

        return absolute;
    }

    public static string BasicAuth(ZendeskOptions options) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Email}/token:{options.Token}"));
}
