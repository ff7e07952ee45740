using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Engine.Persistence.Migrations;

[DbContext(typeof(OrchestratorDbContext))]
[Migration("0021_webhook_issue_order")]
public sealed class M0021WebhookIssueOrder : SqlFileMigration;
