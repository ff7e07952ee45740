using System.Globalization;
using System.Text;
using AuditOrchestrator.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuditOrchestrator.Sandbox.Zendesk;

/// <summary>
/// One simulated Zendesk instance (main or US Federal), API v2: users filtered by role[], custom_roles, groups and
/// group_memberships; cursor paging (page[size] ≤ 100, page[after], meta.has_more, links.next); Basic auth
/// <c>{email}/token:{token}</c>; 429 with Retry-After.
/// </summary>
public sealed class FakeZendesk(string instance, string email, string token, TimeProvider? time = null)
    : FakeVendorServer($"Zendesk ({instance})", time)
{
    private readonly Lock gate = new();
    private readonly List<User> users = [];
    private readonly List<CustomRole> customRoles = [];
    private readonly List<Group> groups = [];
    private readonly List<(long Id, long UserId, long GroupId)> groupMemberships = [];
    private long nextId = 900_000_000_000;

    public sealed record User(long Id, string Name, string Email, string Role, long? CustomRoleId, bool Suspended);

    public sealed record CustomRole(long Id, string Name, int RoleType);

    public sealed record Group(long Id, string Name);

    public string Instance => instance;

    public string Email => email;

    public string Token => token;

    /// <summary>Adds (or replaces) a user; role is end-user, agent or admin; <paramref name="customRole"/> is a custom role's name.</summary>
    public void AddUser(long id, string name, string userEmail, string role, string? customRole = null, bool suspended = false, params string[] groupNames)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        lock (gate)
        {
            users.RemoveAll(u => u.Id == id);
            groupMemberships.RemoveAll(m => m.UserId == id);
            var roleId = customRole is null ? (long?)null : customRoles.First(r => r.Name == customRole).Id;
            users.Add(new User(id, name, userEmail, role, roleId, suspended));
            foreach (var groupName in groupNames)
            {
                groupMemberships.Add((nextId++, id, GroupId(groupName)));
            }
        }
    }

    public void AddCustomRole(string name, int roleType)
    {
        lock (gate)
        {
            if (customRoles.All(r => r.Name != name))
            {
                customRoles.Add(new CustomRole(nextId++, name, roleType));
            }
        }
    }

    public void SetName(long id, string name) => Update(id, u => u with { Name = name });

    public void SetSuspended(long id, bool suspended) => Update(id, u => u with { Suspended = suspended });

    public void SetCustomRole(long id, string? customRole)
    {
        lock (gate)
        {
            var roleId = customRole is null ? (long?)null : customRoles.First(r => r.Name == customRole).Id;
            Update(id, u => u with { CustomRoleId = roleId });
        }
    }

    public void SetGroups(long id, params string[] groupNames)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        lock (gate)
        {
            groupMemberships.RemoveAll(m => m.UserId == id);
            foreach (var groupName in groupNames)
            {
                groupMemberships.Add((nextId++, id, GroupId(groupName)));
            }
        }
    }

    public void RemoveUser(long id)
    {
        lock (gate)
        {
            users.RemoveAll(u => u.Id == id);
            groupMemberships.RemoveAll(m => m.UserId == id);
        }
    }

    private void Update(long id, Func<User, User> change)
    {
        lock (gate)
        {
            var i = users.FindIndex(u => u.Id == id);
            users[i] = change(users[i]);
        }
    }

    private long GroupId(string name)
    {
        if (groups.FirstOrDefault(g => g.Name == name) is { } group)
        {
            return group.Id;
        }

        var created = new Group(nextId++, name);
        groups.Add(created);
        return created.Id;
    }

    protected override bool IsAuthorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}/token:{token}"));

    protected override Task WriteUnauthorizedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return context.Response.WriteAsJsonAsync(new { error = "Couldn't authenticate you" });
    }

    protected override Task WriteRateLimitedAsync(HttpContext context, TimeSpan wait)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return context.Response.WriteAsJsonAsync(new { error = "APIRateLimitExceeded", description = "Number of allowed API requests per minute exceeded" });
    }

    protected override void MapRoutes(WebApplication app)
    {
        var api = app.MapGroup("/api/v2");
        // The token's own user: requests reach here only with valid credentials, as the configured agent.
        api.MapGet("/users/me.json", () => Results.Json(new { user = new { id = 1L, name = "AuditOrchestrator", email, role = "admin" } }));
        api.MapGet("/users", (HttpRequest request) =>
        {
            var roles = request.Query["role[]"].Concat(request.Query["role"]).Where(r => r is not null).ToHashSet();
            lock (gate)
            {
                var selected = users.Where(u => roles.Count == 0 || roles.Contains(u.Role)).Select(u => (object)new
                {
                    id = u.Id,
                    url = $"{BaseUrl}/api/v2/users/{u.Id}.json",
                    name = u.Name,
                    email = u.Email,
                    role = u.Role,
                    custom_role_id = u.CustomRoleId,
                    role_type = u.CustomRoleId is { } rid ? customRoles.FirstOrDefault(r => r.Id == rid)?.RoleType : null,
                    active = true,
                    suspended = u.Suspended,
                }).ToList();
                return CursorPage(request, "users", selected);
            }
        });
        api.MapGet("/custom_roles", () =>
        {
            lock (gate)
            {
                return Results.Json(new
                {
                    custom_roles = customRoles.Select(r => new { id = r.Id, name = r.Name, role_type = r.RoleType, description = "" }).ToList(),
                });
            }
        });
        api.MapGet("/groups", (HttpRequest request) =>
        {
            lock (gate)
            {
                return CursorPage(request, "groups", [.. groups.Select(g => (object)new { id = g.Id, name = g.Name, deleted = false })]);
            }
        });
        api.MapGet("/group_memberships", (HttpRequest request) =>
        {
            lock (gate)
            {
                return CursorPage(request, "group_memberships",
                    [.. groupMemberships.Select(m => (object)new { id = m.Id, user_id = m.UserId, group_id = m.GroupId, @default = false })]);
            }
        });
    }

    private IResult CursorPage(HttpRequest request, string name, List<object> items)
    {
        var size = int.TryParse(request.Query["page[size]"], CultureInfo.InvariantCulture, out var s) ? s : 100;
        if (size is < 1 or > 100)
        {
            return Results.Json(new { error = "InvalidPaginationParameter", description = "page[size] must be between 1 and 100" }, statusCode: 400);
        }

        var after = request.Query["page[after]"].ToString();
        var start = string.IsNullOrEmpty(after) ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after)), CultureInfo.InvariantCulture);
        var page = items.Skip(start).Take(size).ToList();
        var hasMore = start + size < items.Count;
        var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes((start + size).ToString(CultureInfo.InvariantCulture)));
        var query = string.Join("&", request.Query
            .Where(q => q.Key != "page[after]")
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")));
        var next = hasMore ? $"{BaseUrl}{request.Path}?{query}&page%5Bafter%5D={Uri.EscapeDataString(cursor)}" : null;
        return Results.Json(new Dictionary<string, object?>
        {
            [name] = page,
            ["meta"] = new { has_more = hasMore, after_cursor = hasMore ? cursor : null, before_cursor = (string?)null },
            ["links"] = new { prev = (string?)null, next },
        });
    }
}
