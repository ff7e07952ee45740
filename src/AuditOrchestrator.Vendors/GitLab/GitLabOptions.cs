namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>The <c>GitLab</c> configuration section (README, "Configuration").</summary>
public sealed class GitLabOptions
{
    public const string Section = "GitLab";

    public Uri BaseUrl { get; set; } = new("https://gitlab.com");

    public string Token { get; set; } = "";

    /// <summary><c>private</c> (sent as PRIVATE-TOKEN) or <c>oauth</c> (sent as Bearer); empty means guess from the token's shape.</summary>
    public string TokenKind { get; set; } = "";

    public string WebhookSecret { get; set; } = "";

    /// <summary>Numeric id or full path (group/project) of the project where audit issues live.</summary>
    public string AuditProject { get; set; } = "";

    public string DoneEmoji { get; set; } = "white_check_mark";

    public string ApprovalEmoji { get; set; } = "thumbsup";

    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Notes, threads and replies created per minute, spaced evenly; the default keeps the service under 60 a minute
    /// (GitLab throttles note creation per user).
    /// </summary>
    public int NotesPerMinute { get; set; } = 55;

    /// <summary>
    /// Every API request, spaced evenly, by every node together: GitLab.com's documented limit for authenticated API
    /// requests; 0 turns the spacing off (GitLab's RateLimit and Retry-After answers are obeyed all the same).
    /// </summary>
    public int RequestsPerMinute { get; set; } = 2000;
}
