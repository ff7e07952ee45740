using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Api.Migrations;

[Migration("0019_webhook_claims")]
public sealed class M0019WebhookClaims : SqlFileMigration;
