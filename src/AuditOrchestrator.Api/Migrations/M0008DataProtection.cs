using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Api.Migrations;

[Migration("0008_data_protection")]
public sealed class M0008DataProtection : SqlFileMigration;
