using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Foundation;

public sealed class MigrationTests
{
    [Test]
    public async Task TwoServiceProcesses_StartingTogetherOnEmptyDatabase_BothComeUpMigratedOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Auth__BootstrapAdminToken"] = "two-nodes-bootstrap-admin-token-0123456789",
        };
        await using var first = ServiceProcess.Start(environment);
        await using var second = ServiceProcess.Start(environment);

        await Task.WhenAll(first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)), second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)));

        var applied = await database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\"");
        var distinct = await database.ScalarAsync<long>("SELECT count(DISTINCT \"MigrationId\") FROM \"__EFMigrationsHistory\"");
        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.EqualTo(distinct));
            Assert.That(applied, Is.EqualTo(MigrationCount()));
            Assert.That(first.Output + second.Output, Does.Not.Contain("42P07"), "a table was created twice");
        });
        var nodes = await database.ScalarAsync<long>("SELECT count(*) FROM hangfire.server");
        Assert.That(nodes, Is.EqualTo(2), "both nodes run a Hangfire server on the one schema");
    }

    [Test]
    public async Task MigrateVerb_OnEmptyDatabase_AppliesEveryMigrationAndIsRepeatable()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database.ConnectionString };

        var first = await ServiceProcess.RunCliAsync(environment, "migrate");
        var second = await ServiceProcess.RunCliAsync(environment, "migrate");

        Assert.That(first.ExitCode, Is.Zero, first.StdErr);
        Assert.That(second.ExitCode, Is.Zero, second.StdErr);
        Assert.That(await database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\""), Is.EqualTo(MigrationCount()));
    }

    [Test]
    public async Task FirstStart_OnEmptyDatabase_LogsNoErrorAndNoStackTrace()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Auth__BootstrapAdminToken"] = "first-start-bootstrap-admin-token-0123456789",
        };
        var service = ServiceProcess.Start(environment);
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        // A session cookie needs the key ring: the first key is made and stored once the schema exists.
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        using var me = await client.GetAsync(new Uri("/auth/me", UriKind.Relative));
        await service.DisposeAsync();

        var lines = service.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Where(l => l.Contains("\"level\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"level\":\"Critical\"", StringComparison.Ordinal)),
                Is.Empty, "errors logged on the first start");
            Assert.That(service.Output, Does.Not.Contain("data_protection_keys\" does not exist"));
            Assert.That(service.Output, Does.Not.Contain("   at "), "a stack trace");
        });
        Assert.That(await database.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys"), Is.GreaterThan(0), "the key ring was stored");
    }

    private static int MigrationCount() => Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "migrations"), "*.sql").Length;
}
