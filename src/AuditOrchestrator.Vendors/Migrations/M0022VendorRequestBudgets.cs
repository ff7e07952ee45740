using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Vendors.Migrations;

[Migration("0022_vendor_request_budgets")]
public sealed class M0022VendorRequestBudgets : SqlFileMigration;
