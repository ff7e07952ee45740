using System.Globalization;
using AuditOrchestrator.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuditOrchestrator.Sandbox.PagerDuty;

/// <summary>
/// Simulated PagerDuty REST API v2: GET /users, GET /users/me, GET /schedules, GET /schedules/{id}; offset paging (limit ≤ 100,
/// <c>more</c>); <c>Authorization: Token token=…</c>; 429 with <c>ratelimit-*</c> headers.
/// </summary>
public sealed class FakePagerDuty(string token, TimeProvider? time = null) : FakeVendorServer("PagerDuty", time)
{
    private readonly Lock gate = new();
    private readonly List<User> users = [];
    private readonly List<Schedule> schedules = [];

    public sealed record User(string Id, string Name, string Email, string Role = "user");

    public sealed record Schedule(string Id, string Name, List<List<string>> Layers);

    public string Token => token;

    /// <summary>The user a user-level token belongs to; null (the default) simulates an account-level token.</summary>
    public string? TokenOwnerId { get; set; }

    public void AddUser(string id, string name, string email, string role = "user")
    {
        lock (gate)
        {
            users.RemoveAll(u => u.Id == id);
            users.Add(new User(id, name, email, role));
        }
    }

    public void RemoveUser(string id)
    {
        lock (gate)
        {
            users.RemoveAll(u => u.Id == id);
        }
    }

    public void SetEmail(string id, string email)
    {
        lock (gate)
        {
            var i = users.FindIndex(u => u.Id == id);
            users[i] = users[i] with { Email = email };
        }
    }

    /// <summary>Adds a schedule whose layers hold the given user ids.</summary>
    public void AddSchedule(string id, string name, params IEnumerable<string>[] layers)
    {
        lock (gate)
        {
            schedules.RemoveAll(s => s.Id == id);
            schedules.Add(new Schedule(id, name, [.. layers.Select(l => l.ToList())]));
        }
    }

    /// <summary>Puts a user on the first layer of a schedule.</summary>
    public void AddToSchedule(string scheduleId, string userId)
    {
        lock (gate)
        {
            var layers = schedules.First(s => s.Id == scheduleId).Layers;
            if (layers.Count == 0)
            {
                layers.Add([]);
            }

            layers[0].Add(userId);
        }
    }

    public void RemoveFromSchedules(string userId)
    {
        lock (gate)
        {
            foreach (var layer in schedules.SelectMany(s => s.Layers))
            {
                layer.RemoveAll(u => u == userId);
            }
        }
    }

    public int UserCount
    {
        get
        {
            lock (gate)
            {
                return users.Count;
            }
        }
    }

    protected override IReadOnlyCollection<string> RecordedHeaders { get; } = ["Accept", "Content-Type", "From"];

    protected override bool IsAuthorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() == $"Token token={token}";

    protected override Task WriteUnauthorizedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return context.Response.WriteAsJsonAsync(new { error = new { message = "Unauthorized", code = 2006 } });
    }

    protected override Task WriteRateLimitedAsync(HttpContext context, TimeSpan wait)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers["ratelimit-limit"] = "960";
        context.Response.Headers["ratelimit-remaining"] = "0";
        context.Response.Headers["ratelimit-reset"] = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return context.Response.WriteAsJsonAsync(new { error = new { message = "Rate Limit Exceeded", code = 2020 } });
    }

    protected override Task WriteFaultAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message = "Internal Server Error", code = 2001 } });
    }

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/users", (HttpRequest request) =>
        {
            var (offset, limit) = Paging(request);
            lock (gate)
            {
                var page = users.Skip(offset).Take(limit).Select(u => new
                {
                    id = u.Id,
                    type = "user",
                    summary = u.Name,
                    name = u.Name,
                    email = u.Email,
                    role = u.Role,
                    html_url = $"https://example.pagerduty.com/users/{u.Id}",
                }).ToList();
                return Results.Json(new { users = page, limit, offset, more = offset + limit < users.Count, total = (int?)null });
            }
        });
        app.MapGet("/users/me", () =>
        {
            lock (gate)
            {
                return users.FirstOrDefault(u => u.Id == TokenOwnerId) is { } me
                    ? Results.Json(new { user = new { id = me.Id, type = "user", name = me.Name, email = me.Email, role = me.Role } })
                    : Results.Json(new
                    {
                        error = new
                        {
                            message = "Invalid Input Provided",
                            code = 2001,
                            errors = new[] { "Because this request was made using an account-level access token, we were unable to correlate a user with this request." },
                        },
                    }, statusCode: StatusCodes.Status400BadRequest);
            }
        });
        app.MapGet("/schedules", (HttpRequest request) =>
        {
            var (offset, limit) = Paging(request);
            lock (gate)
            {
                var page = schedules.Skip(offset).Take(limit).Select(s => new { id = s.Id, type = "schedule", summary = s.Name, name = s.Name }).ToList();
                return Results.Json(new { schedules = page, limit, offset, more = offset + limit < schedules.Count, total = (int?)null });
            }
        });
        app.MapGet("/schedules/{id}", (string id) =>
        {
            lock (gate)
            {
                if (schedules.FirstOrDefault(s => s.Id == id) is not { } schedule)
                {
                    return Results.Json(new { error = new { message = "Not Found", code = 2100 } }, statusCode: 404);
                }

                var byId = users.ToDictionary(u => u.Id);
                return Results.Json(new
                {
                    schedule = new
                    {
                        id = schedule.Id,
                        type = "schedule",
                        name = schedule.Name,
                        time_zone = "UTC",
                        schedule_layers = schedule.Layers.Select((layer, i) => new
                        {
                            id = $"{schedule.Id}L{i}",
                            name = $"Layer {i + 1}",
                            users = layer.Select(u => new
                            {
                                user = new { id = u, type = "user_reference", summary = byId.TryGetValue(u, out var user) ? user.Name : u },
                            }),
                        }),
                    },
                });
            }
        });
    }

    private static (int Offset, int Limit) Paging(HttpRequest request)
    {
        var offset = int.TryParse(request.Query["offset"], CultureInfo.InvariantCulture, out var o) && o >= 0 ? o : 0;
        var limit = int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, 100) : 25;
        return (offset, limit);
    }
}
