using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[DbContext(typeof(OrchestratorDbContext))]
[Migration("0015_evidence_publications")]
public sealed class M0015EvidencePublications : SqlFileMigration;
