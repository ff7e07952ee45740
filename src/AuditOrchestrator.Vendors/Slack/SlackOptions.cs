namespace AuditOrchestrator.Vendors.Slack;

/// <summary>The <c>Slack</c> configuration section: the Web API root and a bot token (xoxb-…).</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    public Uri BaseUrl { get; set; } = new("https://slack.com");

    public string Token { get; set; } = "";
}
