using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[Migration("0011_taken_signals")]
public sealed class M0011TakenSignals : SqlFileMigration;
