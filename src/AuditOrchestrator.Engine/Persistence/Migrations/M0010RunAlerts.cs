using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[DbContext(typeof(OrchestratorDbContext))]
[Migration("0010_run_alerts")]
public sealed class M0010RunAlerts : SqlFileMigration;
