namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>A test class whose every test starts on an empty database of its own, dropped after it.</summary>
public abstract class DatabasePerTest
{
    protected TestDatabase Database { get; private set; } = null!;

    [SetUp]
    public async Task CreateDatabaseAsync() => Database = await TestDatabase.CreateAsync();

    [TearDown]
    public async Task DropDatabaseAsync() => await Database.DisposeAsync();
}

/// <summary>A test class whose tests share one database, created before the first and dropped after the last.</summary>
public abstract class DatabasePerFixture
{
    protected TestDatabase Database { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => Database = await TestDatabase.CreateAsync();

    [OneTimeTearDown]
    public async Task DropDatabaseAsync() => await Database.DisposeAsync();
}
