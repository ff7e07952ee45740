namespace AuditOrchestrator.Vendors.Zendesk;

/// <summary>One Zendesk instance, bound from <c>Zendesk__Main__*</c> or <c>Zendesk__UsFederal__*</c> (named options "Main"/"UsFederal").</summary>
public sealed class ZendeskOptions
{
    public const string Section = "Zendesk";

    /// <summary>https://&lt;subdomain&gt;.zendesk.com; the client adds /api/v2.</summary>
    public string? BaseUrl { get; set; }
    public string? Email { get; set; }
    public string? Token { get; set; }
}
