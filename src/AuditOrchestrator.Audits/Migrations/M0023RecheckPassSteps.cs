using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Audits.Migrations;

[Migration("0023_recheck_pass_steps")]
public sealed class M0023RecheckPassSteps : SqlFileMigration;
