namespace AuditOrchestrator.Vendors.Calendly;

/// <summary>Bound from <c>Calendly__*</c> (README, "Configuration").</summary>
public sealed class CalendlyOptions
{
    public const string Section = "Calendly";

    public string BaseUrl { get; set; } = "https://api.calendly.com";
    public string? Token { get; set; }
}
