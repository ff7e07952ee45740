using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Api.Migrations;

[Migration("0021_webhook_issue_order")]
public sealed class M0021WebhookIssueOrder : SqlFileMigration;
