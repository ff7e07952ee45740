using Microsoft.Extensions.Options;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.Calendly;

/// <summary>Calendly API v2: the current user's organisation and its memberships (token paging, count 100).</summary>
public sealed class CalendlyClient(HttpClient http, IOptions<CalendlyOptions> options)
{
    public const string Vendor = "Calendly";

    /// <summary>The API root the client calls (recorded with the account lists it reads).</summary>
    public string ApiRoot => http.BaseAddress?.ToString() ?? "";

    public async Task<CalendlySnapshot> FetchSnapshotAsync(CancellationToken cancellationToken)
    {
        EnsureToken();
        var me = await GetCurrentUserAsync(cancellationToken);
        var organization = me.CurrentOrganization;
        var memberships = new List<CalendlyMembership>();
        string? pageToken = null;
        do
        {
            var query = $"organization_memberships?organization={Uri.EscapeDataString(organization)}&count=100"
                + (pageToken is null ? "" : $"&page_token={Uri.EscapeDataString(pageToken)}");
            using var response = await http.GetAsync(new Uri(query, UriKind.Relative), cancellationToken);
            var page = await response.ReadJsonAsync<MembershipsPage>(Vendor, VendorJson.SnakeCase, cancellationToken);
            memberships.AddRange(page.Collection.Select(m =>
                new CalendlyMembership(m.Uri, m.Role, m.User.Name ?? "", m.User.Email ?? "", m.User.SchedulingUrl)));
            pageToken = page.Pagination?.NextPageToken;
        }
        while (!string.IsNullOrEmpty(pageToken));

        return new CalendlySnapshot(organization, memberships) { TokenOwner = me };
    }

    public async Task<string> GetOrganizationUriAsync(CancellationToken cancellationToken) =>
        (await GetCurrentUserAsync(cancellationToken)).CurrentOrganization;

    /// <summary>The user the token belongs to, with their current organisation.</summary>
    public async Task<CalendlyUser> GetCurrentUserAsync(CancellationToken cancellationToken)
    {
        EnsureToken();
        using var response = await http.GetAsync(new Uri("users/me", UriKind.Relative), cancellationToken);
        var me = (await response.ReadJsonAsync<MeEnvelope>(Vendor, VendorJson.SnakeCase, cancellationToken)).Resource;
        return new CalendlyUser(me.Uri, me.Name, me.Email, me.CurrentOrganization);
    }

    /// <summary>
    /// Removes a membership (the Calendly review, after the SOM approved it). A membership already gone counts as
    /// removed: false says it was gone before this call, true that this call removed it.
    /// </summary>
    public async Task<bool> RemoveMembershipAsync(string uuid, CancellationToken cancellationToken)
    {
        EnsureToken();
        using var response = await http.DeleteAsync(new Uri($"organization_memberships/{Uri.EscapeDataString(uuid)}", UriKind.Relative), cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
        response.EnsureSuccess(Vendor);
        return true;
    }

    private void EnsureToken()
    {
        if (string.IsNullOrWhiteSpace(options.Value.Token))
        {
            throw new VendorApiException(Vendor, null, "no API token configured (Calendly__Token)");
        }
    }

    private sealed record MeEnvelope(MeDto Resource);

    private sealed record MeDto(string Uri, string? Name, string? Email, string CurrentOrganization);

    private sealed record MembershipsPage(List<MembershipDto> Collection, PaginationDto? Pagination);

    private sealed record MembershipDto(string Uri, string Role, MemberUserDto User);

    private sealed record MemberUserDto(string? Name, string? Email, string? SchedulingUrl);

    private sealed record PaginationDto(string? NextPageToken);
}
