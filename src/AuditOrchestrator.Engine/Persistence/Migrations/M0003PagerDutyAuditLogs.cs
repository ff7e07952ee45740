using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[DbContext(typeof(OrchestratorDbContext))]
[Migration("0003_pagerduty_audit_logs")]
public sealed class M0003PagerDutyAuditLogs : SqlFileMigration;
