using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[Migration(Id)]
public sealed class M0012DropQuartz : SqlFileMigration
{
    public const string Id = "0012_drop_quartz";
}
