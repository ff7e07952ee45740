using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Audits.Migrations;

[Migration("0005_runs")]
public sealed class M0005Runs : SqlFileMigration;
