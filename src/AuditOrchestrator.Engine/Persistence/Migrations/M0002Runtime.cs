using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[Migration("0002_runtime")]
public sealed class M0002Runtime : SqlFileMigration;
