using AuditOrchestrator.Integrations.Http;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Integrations.Calendly;

/// <summary>Calendly API v2: the current user's organisation and its memberships (token paging, count 100).</summary>
public sealed class CalendlyClient(HttpClient http, IOptions<CalendlyOptions> options)
{
    public const string Vendor = "Calendly";

    public async Task<CalendlySnapshot> FetchSnapshotAsync(CancellationToken cancellationToken)
    {
        EnsureToken();
        var organization = await GetOrganizationUriAsync(cancellationToken);
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

        return new CalendlySnapshot(organization, memberships);
    }

    public async Task<string> GetOrganizationUriAsync(CancellationToken cancellationToken)
    {
        EnsureToken();
        using var response = await http.GetAsync(new Uri("users/me", UriKind.Relative), cancellationToken);
        var me = await response.ReadJsonAsync<MeEnvelope>(Vendor, VendorJson.SnakeCase, cancellationToken);
        return me.Resource.CurrentOrganization;
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

    private sealed record MeDto(string Uri, string CurrentOrganization);

    private sealed record MembershipsPage(List<MembershipDto> Collection, PaginationDto? Pagination);

    private sealed record MembershipDto(string Uri, string Role, MemberUserDto User);

    private sealed record MemberUserDto(string? Name, string? Email, string? SchedulingUrl);

    private sealed record PaginationDto(string? NextPageToken);
}
