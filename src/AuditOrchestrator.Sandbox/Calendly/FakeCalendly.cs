using System.Globalization;
using System.Text;
using AuditOrchestrator.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuditOrchestrator.Sandbox.Calendly;

/// <summary>
/// Simulated Calendly API v2: GET /users/me, GET /organization_memberships (count ≤ 100, opaque page tokens),
/// DELETE /organization_memberships/{uuid}; Bearer tokens; 429 with <c>X-RateLimit-*</c> and Retry-After.
/// </summary>
public sealed class FakeCalendly(string token, TimeProvider? time = null) : FakeVendorServer("Calendly", time)
{
    private const string OrganizationId = "ORGSUPPORT0001";
    private readonly Lock gate = new();
    private readonly List<Membership> memberships = [];
    private readonly List<string> removed = [];
    private int lostDeleteResponses;
    private readonly Dictionary<string, int> refusedDeletes = new(StringComparer.Ordinal);

    public sealed record Membership(string Uuid, string Role, string Name, string Email, string SchedulingUrl);

    public string Token => token;

    public string OrganizationUri => $"{BaseUrl}/organizations/{OrganizationId}";

    /// <summary>The token's owner, the user GET /users/me answers with (set by the first owner added).</summary>
    public string? OwnerEmail { get; private set; }

    public IReadOnlyList<Membership> Memberships
    {
        get
        {
            lock (gate)
            {
                return [.. memberships];
            }
        }
    }

    /// <summary>Adds a membership; role is owner, admin or user. Returns its uuid.</summary>
    public string AddMember(string name, string email, string schedulingUrl, string role = "user")
    {
        lock (gate)
        {
            var uuid = "M" + (memberships.Count + 1).ToString("D6", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            memberships.Add(new Membership(uuid, role, name, email, schedulingUrl));
            if (role == "owner")
            {
                OwnerEmail ??= email;
            }

            return uuid;
        }
    }

    /// <summary>The uuid of each membership a DELETE removed, in order (a DELETE answered 404 removed nothing).</summary>
    public IReadOnlyList<string> Removed
    {
        get
        {
            lock (gate)
            {
                return [.. removed];
            }
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> DELETEs that remove a membership answer 504, as a gateway does when the
    /// origin finished after it gave up: the membership is gone, the caller does not know it.
    /// </summary>
    public void LoseNextDeleteResponses(int count)
    {
        lock (gate)
        {
            lostDeleteResponses = count;
        }
    }

    /// <summary>The next <paramref name="count"/> DELETEs of this membership answer 403 Permission Denied and remove nothing.</summary>
    public void RefuseNextDeletesOf(string uuid, int count)
    {
        lock (gate)
        {
            refusedDeletes[uuid] = count;
        }
    }

    public void SetRole(string email, string role) => Update(email, m => m with { Role = role });

    public void SetSchedulingUrl(string email, string url) => Update(email, m => m with { SchedulingUrl = url });

    public void RemoveMember(string email)
    {
        lock (gate)
        {
            memberships.RemoveAll(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase));
        }
    }

    private void Update(string email, Func<Membership, Membership> change)
    {
        lock (gate)
        {
            var i = memberships.FindIndex(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase));
            memberships[i] = change(memberships[i]);
        }
    }

    protected override bool IsAuthorized(HttpRequest request) => request.Headers.Authorization.ToString() == $"Bearer {token}";

    protected override Task WriteUnauthorizedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return context.Response.WriteAsJsonAsync(new { title = "Unauthenticated", message = "The access token is invalid" });
    }

    protected override Task WriteRateLimitedAsync(HttpContext context, TimeSpan wait)
    {
        var seconds = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers["X-RateLimit-Limit"] = "500";
        context.Response.Headers["X-RateLimit-Remaining"] = "0";
        context.Response.Headers["X-RateLimit-Reset"] = seconds;
        context.Response.Headers.RetryAfter = seconds;
        return context.Response.WriteAsJsonAsync(new { title = "Too Many Requests", message = "Rate limit exceeded" });
    }

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/users/me", () =>
        {
            var email = OwnerEmail ?? "owner@example.com";
            return Results.Json(new
            {
                resource = new
                {
                    uri = $"{BaseUrl}/users/OWNER0001",
                    name = "Organisation owner",
                    email,
                    current_organization = OrganizationUri,
                },
            });
        });
        app.MapGet("/organization_memberships", (HttpRequest request) =>
        {
            if (request.Query["organization"] != OrganizationUri)
            {
                return Results.Json(new { title = "Invalid Argument", message = "organization: must be the caller's organization" }, statusCode: 400);
            }

            var count = int.TryParse(request.Query["count"], CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c, 1, 100) : 20;
            var offset = DecodeToken(request.Query["page_token"]);
            lock (gate)
            {
                var page = memberships.Skip(offset).Take(count).Select(m => new
                {
                    uri = $"{BaseUrl}/organization_memberships/{m.Uuid}",
                    role = m.Role,
                    organization = OrganizationUri,
                    user = new
                    {
                        uri = $"{BaseUrl}/users/U{m.Uuid}",
                        name = m.Name,
                        email = m.Email,
                        scheduling_url = m.SchedulingUrl,
                        slug = m.SchedulingUrl.TrimEnd('/').Split('/')[^1],
                    },
                }).ToList();
                var nextToken = offset + count < memberships.Count ? EncodeToken(offset + count) : null;
                return Results.Json(new
                {
                    collection = page,
                    pagination = new
                    {
                        count = page.Count,
                        next_page = nextToken is null ? null : $"{BaseUrl}/organization_memberships?organization={Uri.EscapeDataString(OrganizationUri)}&count={count}&page_token={nextToken}",
                        previous_page = (string?)null,
                        next_page_token = nextToken,
                        previous_page_token = (string?)null,
                    },
                });
            }
        });
        app.MapDelete("/organization_memberships/{uuid}", (string uuid) =>
        {
            lock (gate)
            {
                if (refusedDeletes.GetValueOrDefault(uuid) > 0)
                {
                    refusedDeletes[uuid]--;
                    return Results.Json(new { title = "Permission Denied", message = "You do not have permission to access this resource." }, statusCode: 403);
                }

                if (memberships.RemoveAll(m => m.Uuid == uuid) == 0)
                {
                    return Results.Json(new { title = "Resource Not Found", message = "The server could not find the requested resource." }, statusCode: 404);
                }

                removed.Add(uuid);
                if (lostDeleteResponses > 0)
                {
                    lostDeleteResponses--;
                    return Results.Json(new { title = "Gateway Timeout", message = "The upstream server did not answer in time." }, statusCode: 504);
                }

                return Results.NoContent();
            }
        });
    }

    private static string EncodeToken(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        var padded = token.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        return int.Parse(text["offset:".Length..], CultureInfo.InvariantCulture);
    }
}
