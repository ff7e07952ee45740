using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Api.Migrations;

[Migration("0007_service_mode")]
public sealed class M0007ServiceMode : SqlFileMigration;
