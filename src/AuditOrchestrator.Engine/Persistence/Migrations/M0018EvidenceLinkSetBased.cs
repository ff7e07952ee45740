using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[Migration("0018_evidence_link_set_based")]
public sealed class M0018EvidenceLinkSetBased : SqlFileMigration;
