using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Api.Migrations;

[Migration("0015_evidence_publications")]
public sealed class M0015EvidencePublications : SqlFileMigration;
