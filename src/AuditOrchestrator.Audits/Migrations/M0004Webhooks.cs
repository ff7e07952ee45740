using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Audits.Migrations;

[Migration("0004_webhooks")]
public sealed class M0004Webhooks : SqlFileMigration;
