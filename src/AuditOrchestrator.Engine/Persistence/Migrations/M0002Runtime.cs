using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[DbContext(typeof(OrchestratorDbContext))]
[Migration("0002_runtime")]
public sealed class M0002Runtime : SqlFileMigration;
