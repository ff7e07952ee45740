using System.Security.Cryptography;
using System.Text;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Security;
using Microsoft.EntityFrameworkCore;

namespace AuditOrchestrator.Api.Auth;

/// <summary>Creates, checks and revokes API tokens. The secret is shown once at creation; only its hash is stored.</summary>
public sealed class ApiTokenIssuer(IDbContextFactory<OrchestratorDbContext> contexts, TimeProvider clock)
{
    private const string Prefix = "ao_";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<(ApiToken Token, string Secret)> CreateAsync(string name, Role role, string createdBy, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A token needs a name.", nameof(name));
        }
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Name = name.Trim(),
            Role = role,
            TokenHash = Hash(secret),
            CreatedBy = createdBy,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return (token, secret);
    }

    public async Task<ApiToken?> FindActiveAsync(string secret, CancellationToken ct)
    {
        var hash = Hash(secret);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, ct);
        var now = clock.GetUtcNow();
        if (token is not null && (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return token;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().OrderBy(t => t.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Returns false when no such token exists; revoking twice keeps the first revocation time.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (token is null)
        {
            return false;
        }
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
