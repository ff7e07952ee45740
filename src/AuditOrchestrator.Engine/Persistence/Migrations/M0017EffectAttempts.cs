using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[Migration("0017_effect_attempts")]
public sealed class M0017EffectAttempts : SqlFileMigration;
