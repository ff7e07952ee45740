using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[Migration("0001_foundation")]
public sealed class M0001Foundation : SqlFileMigration;
