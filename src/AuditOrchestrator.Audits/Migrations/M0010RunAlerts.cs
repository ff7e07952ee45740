using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Audits.Migrations;

[Migration("0010_run_alerts")]
public sealed class M0010RunAlerts : SqlFileMigration;
