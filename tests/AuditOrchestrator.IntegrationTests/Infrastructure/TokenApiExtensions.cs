using System.Net.Http.Json;
using AuditOrchestrator.Api.Auth;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>API tokens as an administrator issues them.</summary>
public static class TokenApiExtensions
{
    /// <summary>Issues a token of <paramref name="role"/> (POST /api/tokens, 201) and gives the token with its secret.</summary>
    public static async Task<TokensApi.CreatedToken> CreateTokenAsync(this HttpClient admin, string name, string role)
    {
        var response = await admin.PostAsJsonAsync(new Uri("/api/tokens", UriKind.Relative), new TokensApi.CreateTokenRequest(name, role), ApiJson.Options);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsync<TokensApi.CreatedToken>();
    }
}
