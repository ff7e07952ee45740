using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[DbContext(typeof(OrchestratorDbContext))]
[Migration(Id)]
public sealed class M0014UiSessions : SqlFileMigration
{
    public const string Id = "0014_ui_sessions";
}
