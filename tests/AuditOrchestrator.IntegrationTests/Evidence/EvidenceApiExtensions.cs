using System.Net;
using System.Text;
using AuditOrchestrator.Api.Evidence;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Evidence;

/// <summary>The evidence API as its clients call it, answers read into the API's own records.</summary>
public static class EvidenceApiExtensions
{
    /// <summary>POSTs a pack's text to /api/evidence/verify (200 for any pack it can read) and gives the verdict.</summary>
    public static async Task<PackVerdict> VerifyPackAsync(this HttpClient client, string pack)
    {
        using var response = await client.PostAsync(new Uri("/api/evidence/verify", UriKind.Relative), new StringContent(pack, Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsync<PackVerdict>();
    }
}
