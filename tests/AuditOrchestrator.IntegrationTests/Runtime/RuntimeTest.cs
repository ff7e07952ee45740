namespace AuditOrchestrator.IntegrationTests.Runtime;

/// <summary>A fresh service and database per test, with the runtime test definitions and a clock the test moves.</summary>
public abstract class RuntimeTest
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected RuntimeHost Host { get; private set; } = null!;

    [SetUp]
    public async Task StartHostAsync() => Host = await RuntimeHost.StartAsync();

    [TearDown]
    public async Task StopHostAsync() => await Host.DisposeAsync();
}
