using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[Migration("0013_evidence_chain")]
public sealed class M0013EvidenceChain : SqlFileMigration;
