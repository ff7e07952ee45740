namespace AuditOrchestrator.Vendors.Calendly;

/// <summary>The organisation's memberships, each with its user's email and scheduling URL.</summary>
public sealed record CalendlySnapshot(string OrganizationUri, IReadOnlyList<CalendlyMembership> Memberships)
{
    /// <summary>The user the token belongs to (GET /users/me).</summary>
    public CalendlyUser? TokenOwner { get; init; }
}

/// <summary>A Calendly user as GET /users/me gives it.</summary>
public sealed record CalendlyUser(string Uri, string? Name, string? Email, string CurrentOrganization);

/// <summary>Role is "owner", "admin" or "user".</summary>
public sealed record CalendlyMembership(string Uri, string Role, string Name, string Email, string? SchedulingUrl)
{
    /// <summary>The last segment of the membership URI, as DELETE /organization_memberships/{uuid} wants it.</summary>
    public string Uuid => Uri.TrimEnd('/').Split('/')[^1];
}
