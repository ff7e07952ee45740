using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Audits.Migrations;

[Migration("0020_recheck_passes")]
public sealed class M0020RecheckPasses : SqlFileMigration;
