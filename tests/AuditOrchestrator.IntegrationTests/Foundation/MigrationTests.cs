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

    private static int MigrationCount() => Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "migrations"), "*.sql").Length;
}
