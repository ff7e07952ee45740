using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Api.Migrations;

[Migration(Id)]
public sealed class M0014UiSessions : SqlFileMigration
{
    public const string Id = "0014_ui_sessions";
}
