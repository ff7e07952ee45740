using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.Security.Cryptography;
using AuditOrchestrator.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// A simulated GitLab: the REST endpoints the orchestrator's GitLabClient uses, over in-memory users, projects,
/// issues, threads, award emoji and repository files, with GitLab's paging headers and PRIVATE-TOKEN/Bearer auth.
/// Every change, through the API or through the people API (<see cref="ReplyAsync"/> and friends, also under
/// <c>/_control/</c>), sends the webhook GitLab would send (see <see cref="Webhooks"/>).
/// </summary>
public sealed partial class FakeGitLab : FakeVendorServer, IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, FakeGitLabUser> users = [];
    private readonly Dictionary<long, FakeGitLabProject> projects = [];
    private readonly Dictionary<string, long> tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> oauthTokens = new(StringComparer.Ordinal);
    private long nextUserId = 100;
    private long nextProjectId = 2000;
    private long nextIssueId = 50_000;
    private long nextNoteId = 700_000;
    private long nextAwardId = 9000;

    /// <param name="time">The clock the fake's timestamps follow.</param>
    /// <param name="idBase">
    /// Added to every issue, note and award id this fake hands out. GitLab never reuses an id; a fake started again over
    /// a service's kept database must not either, or its new answers look like ones the service already took.
    /// </param>
    public FakeGitLab(TimeProvider? time = null, long idBase = 0)
        : base("GitLab", time)
    {
        Webhooks = new GitLabWebhookSender(Time);
        nextIssueId += idBase;
        nextNoteId += idBase;
        nextAwardId += idBase;
    }

    /// <summary>Where change events go, the secret they carry, and the record of what was sent.</summary>
    public GitLabWebhookSender Webhooks { get; }

    /// <summary>Which paging headers list answers carry (GitLab sends both; a test can withhold one).</summary>
    public FakeGitLabPagingHeaders PagingHeaders { get; set; } = FakeGitLabPagingHeaders.LinkAndNextPage;

    /// <summary>GitLab sends no webhook when an issue thread is resolved; set this to send a Note Hook (action update) anyway.</summary>
    public bool HookOnResolve { get; set; }

    protected override IReadOnlyCollection<string> RecordedHeaders { get; } = ["Accept", "Content-Type", "User-Agent"];

    /// <summary>Adds a user; <paramref name="id"/> lets seeded users keep the ids the team data gives them.</summary>
    public FakeGitLabUser AddUser(string username, string? name = null, string? email = null, long? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        lock (gate)
        {
            if (FindUser(username) is not null || (id is { } taken && users.ContainsKey(taken)))
            {
                throw new InvalidOperationException($"User {username} (or id {id}) already exists.");
            }

            var user = new FakeGitLabUser
            {
                Id = id ?? NextFreeUserId(),
                Username = username,
                Name = name ?? username,
                Email = email ?? $"{username}@example.com",
            };
            users[user.Id] = user;
            return user;
        }
    }

    public FakeGitLabProject AddProject(string pathWithNamespace, string defaultBranch = "main")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathWithNamespace);
        lock (gate)
        {
            var project = new FakeGitLabProject { Id = ++nextProjectId, PathWithNamespace = pathWithNamespace.Trim('/'), DefaultBranch = defaultBranch };
            project.Files[defaultBranch] = new SortedDictionary<string, string>(StringComparer.Ordinal);
            projects[project.Id] = project;
            return project;
        }
    }

    /// <summary>Makes the user a member of the project (10 guest, 20 reporter, 30 developer, 40 maintainer, 50 owner).</summary>
    public void AddMember(string project, string username, int accessLevel)
    {
        lock (gate)
        {
            RequireProject(project).Members[RequireUser(username).Id] = accessLevel;
        }
    }

    public void RemoveMember(string project, string username)
    {
        lock (gate)
        {
            RequireProject(project).Members.Remove(RequireUser(username).Id);
        }
    }

    /// <summary>A token accepted as PRIVATE-TOKEN or Bearer; API calls made with it act as the user.</summary>
    public void AddToken(string token, string username)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        lock (gate)
        {
            tokens[token] = RequireUser(username).Id;
        }
    }

    /// <summary>An OAuth access token: GitLab accepts it only as <c>Authorization: Bearer</c>, never as PRIVATE-TOKEN.</summary>
    public void AddOAuthToken(string token, string username)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        lock (gate)
        {
            oauthTokens[token] = RequireUser(username).Id;
        }
    }

    /// <summary>Writes a repository file on <paramref name="gitRef"/> (the default branch when null).</summary>
    public void PutFile(string project, string path, string content, string? gitRef = null)
    {
        lock (gate)
        {
            var p = RequireProject(project);
            var branch = gitRef ?? p.DefaultBranch;
            if (!p.Files.TryGetValue(branch, out var files))
            {
                p.Files[branch] = files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            }

            files[path.Trim('/')] = content;
        }
    }

    public void PutIssueTemplate(string project, string name, string content) =>
        PutFile(project, $".gitlab/issue_templates/{name}.md", content);

    /// <summary>Deletes the issue template from the project's default branch, as if nobody had ever added it.</summary>
    public void RemoveIssueTemplate(string project, string name)
    {
        lock (gate)
        {
            var p = RequireProject(project);
            p.Files[p.DefaultBranch].Remove($".gitlab/issue_templates/{name}.md");
        }
    }

    /// <summary>The live issue (read it between steps of a test, not while requests are in flight).</summary>
    public FakeGitLabIssue GetIssue(string project, long iid)
    {
        lock (gate)
        {
            return RequireIssue(RequireProject(project), iid);
        }
    }

    public IReadOnlyList<FakeGitLabIssue> Issues(string project)
    {
        lock (gate)
        {
            return [.. RequireProject(project).Issues];
        }
    }

    protected override void MapRoutes(WebApplication app)
    {
        MapRateLimits(app);
        app.Use(KeepBudgetAsync);
        MapApi(app);
        MapUploads(app);
        MapControl(app);
        MapPages(app);
    }

    protected override bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Path.StartsWithSegments("/_control", StringComparison.Ordinal) || IssuePagePath().IsMatch(request.Path.Value ?? ""))
        {
            return true;
        }

        lock (gate)
        {
            return ActorOf(request) is not null;
        }
    }

    protected override async Task WriteRateLimitedAsync(HttpContext context, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Math.Max(0, (int)Math.Ceiling(wait.TotalSeconds));
        var reset = Time.GetUtcNow().AddSeconds(seconds);
        var headers = context.Response.Headers;
        headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Limit"] = "600";
        headers["RateLimit-Observed"] = "601";
        headers["RateLimit-Remaining"] = "0";
        headers["RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-ResetTime"] = reset.ToString("r", CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("Retry later\n", context.RequestAborted);
    }

    protected override Task WriteUnauthorizedAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteJsonAsync(context, StatusCodes.Status401Unauthorized, new { message = "401 Unauthorized" });
    }

    protected override Task WriteFaultAsync(HttpContext context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteJsonAsync(context, status, new { message = $"{status} Simulated fault" });
    }

    public new async ValueTask DisposeAsync()
    {
        await Webhooks.DisposeAsync();
        await base.DisposeAsync();
    }

    private FakeGitLabUser? ActorOf(HttpRequest request)
    {
        long? id = null;
        string? privateToken = request.Headers["PRIVATE-TOKEN"];
        var authorization = request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(privateToken))
        {
            id = tokens.TryGetValue(privateToken, out var owner) ? owner : null;
        }
        else if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var bearer = authorization["Bearer ".Length..].Trim();
            id = tokens.TryGetValue(bearer, out var owner) || oauthTokens.TryGetValue(bearer, out owner) ? owner : null;
        }

        return id is { } userId && users.TryGetValue(userId, out var user) && user.State == "active" ? user : null;
    }

    private long NextFreeUserId()
    {
        while (users.ContainsKey(++nextUserId))
        {
        }

        return nextUserId;
    }

    private FakeGitLabUser? FindUser(string username) =>
        users.Values.FirstOrDefault(u => string.Equals(u.Username, username.TrimStart('@'), StringComparison.OrdinalIgnoreCase));

    private FakeGitLabUser RequireUser(string username) =>
        FindUser(username) ?? throw new FakeGitLabException(StatusCodes.Status404NotFound, $"404 User {username} Not Found");

    /// <summary>A project by numeric id or by full path (case-insensitive), as the API's :id accepts.</summary>
    private FakeGitLabProject? FindProject(string idOrPath)
    {
        var key = Uri.UnescapeDataString(idOrPath).Trim('/');
        if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return projects.GetValueOrDefault(id);
        }

        return projects.Values.FirstOrDefault(p => string.Equals(p.PathWithNamespace, key, StringComparison.OrdinalIgnoreCase));
    }

    private FakeGitLabProject RequireProject(string idOrPath) =>
        FindProject(idOrPath) ?? throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Project Not Found");

    private static FakeGitLabIssue RequireIssue(FakeGitLabProject project, long iid) =>
        project.Issues.FirstOrDefault(i => i.Iid == iid) ?? throw new FakeGitLabException(StatusCodes.Status404NotFound, "404 Issue Not Found");

    private static string NewDiscussionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
}

public enum FakeGitLabPagingHeaders
{
    LinkAndNextPage,
    LinkOnly,
    NextPageOnly,
}
