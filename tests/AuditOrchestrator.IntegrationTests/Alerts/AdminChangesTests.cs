using AuditOrchestrator.Api.Migrations;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Vendors.PagerDuty;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Alerts;

/// <summary>The PagerDuty report's "Admin changes since the last audit", read from a seeded pagerduty_audit_logs.</summary>
public sealed class AdminChangesTests
{
    private static readonly DateTimeOffset LastAudit = new(2026, 8, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid PreviousRun = Guid.Parse("00000000-0000-7000-8000-000000000001");
    private static readonly Guid CurrentRun = Guid.Parse("00000000-0000-7000-8000-000000000002");
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(_ => NpgsqlDataSource.Create(_database.ConnectionString));
        services.AddDbContextFactory<OrchestratorDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddDatabaseMigrations();
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task DropAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private NpgsqlDataSource DataSource => _services.GetRequiredService<NpgsqlDataSource>();

    [Test]
    public async Task Section_ListsScheduleUserAndPolicyChangesSinceThePreviousRun_NewestFirst_Capped()
    {
        await InsertRunAsync(PreviousRun, LastAudit, "FY2027-Q2");
        await InsertRunAsync(CurrentRun, LastAudit.AddDays(90), "FY2027-Q3");
        await InsertRecordAsync("before", LastAudit.AddMinutes(-1), "schedule_reference", "Old change");
        await InsertRecordAsync("service", LastAudit.AddDays(2), "service_reference", "Not an admin change");
        await InsertRecordAsync("bad", LastAudit.AddDays(2), "schedule_reference", "Malformed", malformed: true);
        await InsertRecordAsync("policy", LastAudit.AddDays(80), "escalation_policy_reference", "Tier 1", action: "delete");
        await InsertRecordAsync("user", LastAudit.AddDays(81), "user_reference", "Bran Stark", action: "create", actor: "Arya Stark");
        for (var i = 0; i < AdminChanges.Cap + 3; i++)
        {
            await InsertRecordAsync($"s{i:D3}", LastAudit.AddHours(i + 1), "schedule_reference", $"Rota {i}");
        }

        var md = await Changes(enabled: true).SectionAsync(CurrentRun, CancellationToken.None);

        var rows = md.Split('\n').Where(l => l.StartsWith("| 20", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.StartWith(AdminChangesReport.Title));
            Assert.That(md, Does.Contain("since the last PagerDuty audit (FY2027-Q2, started 2026-08-01 09:00 UTC)"));
            Assert.That(rows, Has.Count.EqualTo(AdminChanges.Cap));
            Assert.That(rows[0], Is.EqualTo("| 2026-10-21 09:00 | Arya Stark | create | user Bran Stark |"));
            Assert.That(rows[1], Is.EqualTo("| 2026-10-20 09:00 | Jon Snow | delete | escalation policy Tier 1 |"));
            Assert.That(rows[2], Does.Contain("schedule Rota 52"));
            Assert.That(md, Does.Contain($"… and {AdminChanges.Cap + 5 - AdminChanges.Cap} more"));
            Assert.That(md, Does.Not.Contain("Old change").And.Not.Contain("Not an admin change").And.Not.Contain("Malformed"));
        });
    }

    [Test]
    public async Task Section_WithoutAnEarlierRun_CoversTheLastSixMonths()
    {
        var now = DateTimeOffset.UtcNow;
        await InsertRunAsync(CurrentRun, now, "FY2027-Q3");
        await InsertRecordAsync("recent", now.AddDays(-30), "schedule_reference", "Recent rota");
        await InsertRecordAsync("ancient", now.AddDays(-200), "schedule_reference", "Ancient rota");

        var md = await Changes(enabled: true).SectionAsync(CurrentRun, CancellationToken.None);

        Assert.That(md, Does.Contain("the last 6 months").And.Contain("Recent rota").And.Not.Contain("Ancient rota"));
    }

    [Test]
    public async Task Section_WhenTheTableIsEmpty_SaysSoInOneLine()
    {
        await InsertRunAsync(CurrentRun, DateTimeOffset.UtcNow, "FY2027-Q3");

        var md = await Changes(enabled: true).SectionAsync(CurrentRun, CancellationToken.None);

        Assert.That(Lines(md), Has.Length.EqualTo(2));
        Assert.That(Lines(md)[1], Does.Contain("No PagerDuty audit records have been collected yet"));
    }

    [Test]
    public async Task Section_WhenTheCollectorIsOff_SaysSoInOneLine_EvenWithRecords()
    {
        await InsertRecordAsync("recent", DateTimeOffset.UtcNow.AddDays(-1), "schedule_reference", "Recent rota");

        var md = await Changes(enabled: false).SectionAsync(CurrentRun, CancellationToken.None);

        Assert.That(Lines(md), Has.Length.EqualTo(2));
        Assert.That(Lines(md)[1], Does.Contain("collector is off"));
    }

    private AdminChanges Changes(bool enabled) => new(DataSource, TimeProvider.System,
        Options.Create(new AuditRecordsOptions { Enabled = enabled }), Options.Create(new PagerDutyOptions()));

    private static string[] Lines(string md) => md.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task InsertRunAsync(Guid id, DateTimeOffset createdAt, string period)
    {
        await using var command = DataSource.CreateCommand(
            "INSERT INTO audit_runs (id, audit, kind, period, som, created_at, updated_at) VALUES ($1, 'pagerduty', 'manual', $2, 'msom', $3, $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = period });
        command.Parameters.Add(new NpgsqlParameter { Value = createdAt });
        await command.ExecuteNonQueryAsync();
    }

    private async Task InsertRecordAsync(string id, DateTimeOffset at, string type, string summary, string action = "update", string actor = "Jon Snow", bool malformed = false)
    {
        await using var command = DataSource.CreateCommand("""
            INSERT INTO pagerduty_audit_logs (id, execution_time, action, actors, root_resource_id, root_resource_type, root_resource_summary, raw, malformed, collected_at)
            VALUES ($1, $2, $3, jsonb_build_array(jsonb_build_object('id', 'PACTOR1', 'type', 'user_reference', 'summary', $4::text)), 'PRES1', $5, $6, '{}', $7, $2)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = at });
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        command.Parameters.Add(new NpgsqlParameter { Value = actor });
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = summary });
        command.Parameters.Add(new NpgsqlParameter { Value = malformed });
        await command.ExecuteNonQueryAsync();
    }
}
