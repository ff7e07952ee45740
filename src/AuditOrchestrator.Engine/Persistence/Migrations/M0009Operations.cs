using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[Migration("0009_operations")]
public sealed class M0009Operations : SqlFileMigration;
