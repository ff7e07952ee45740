using AuditOrchestrator.Engine.Security;
using AuditOrchestrator.Engine.Versions;
using Microsoft.EntityFrameworkCore;

namespace AuditOrchestrator.Engine.Persistence;

/// <summary>The service's tables. Names are mapped explicitly: the schema is owned by the SQL files in migrations/.</summary>
public sealed class OrchestratorDbContext(DbContextOptions<OrchestratorDbContext> options) : DbContext(options)
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DefinitionVersion> DefinitionVersions => Set<DefinitionVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasColumnName("id");
            e.Property(t => t.Name).HasColumnName("name");
            e.Property(t => t.Role).HasColumnName("role").HasConversion(r => RoleNames.ToName(r), s => RoleNames.Parse(s));
            e.Property(t => t.TokenHash).HasColumnName("token_hash");
            e.Property(t => t.CreatedBy).HasColumnName("created_by");
            e.Property(t => t.CreatedAt).HasColumnName("created_at");
            e.Property(t => t.RevokedAt).HasColumnName("revoked_at");
            e.Property(t => t.LastUsedAt).HasColumnName("last_used_at");
        });

        modelBuilder.Entity<DefinitionVersion>(e =>
        {
            e.ToTable("definition_versions");
            e.HasKey(v => new { v.DefinitionId, v.Version });
            e.Property(v => v.DefinitionId).HasColumnName("definition_id");
            e.Property(v => v.Version).HasColumnName("version");
            e.Property(v => v.Status).HasColumnName("status").HasConversion(s => VersionStatusNames.ToName(s), s => VersionStatusNames.Parse(s));
            e.Property(v => v.Origin).HasColumnName("origin").HasConversion(o => VersionOriginNames.ToName(o), s => VersionOriginNames.Parse(s));
            e.Property(v => v.FilePath).HasColumnName("file_path");
            e.Property(v => v.FileHash).HasColumnName("file_hash");
            e.Property(v => v.Author).HasColumnName("author");
            e.Property(v => v.Flagged).HasColumnName("flagged");
            e.Property(v => v.Yaml).HasColumnName("yaml");
            e.Property(v => v.DefinitionJson).HasColumnName("definition").HasColumnType("jsonb");
            e.Property(v => v.CreatedAt).HasColumnName("created_at");
        });
    }
}
