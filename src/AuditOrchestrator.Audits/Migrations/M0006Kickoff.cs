using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Audits.Migrations;

[Migration("0006_kickoff")]
public sealed class M0006Kickoff : SqlFileMigration;
