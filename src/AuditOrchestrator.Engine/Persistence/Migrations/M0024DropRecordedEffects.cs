using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[Migration("0024_drop_recorded_effects")]
public sealed class M0024DropRecordedEffects : SqlFileMigration;
