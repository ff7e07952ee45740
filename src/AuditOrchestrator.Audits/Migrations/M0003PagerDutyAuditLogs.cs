using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Audits.Migrations;

[Migration("0003_pagerduty_audit_logs")]
public sealed class M0003PagerDutyAuditLogs : SqlFileMigration;
