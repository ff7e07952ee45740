using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Audits.Migrations;

[Migration("0016_warning_alerts")]
public sealed class M0016WarningAlerts : SqlFileMigration;
