using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[DbContext(typeof(OrchestratorDbContext))]
[Migration("0009_operations")]
public sealed class M0009Operations : SqlFileMigration;
