namespace AuditOrchestrator.Engine.Security;

/// <summary>An API token as stored: only the SHA-256 of the secret is kept, never the secret.</summary>
public sealed class ApiToken
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required Role Role { get; init; }
    public required byte[] TokenHash { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
