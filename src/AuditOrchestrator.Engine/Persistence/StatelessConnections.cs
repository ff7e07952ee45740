using Npgsql;

namespace AuditOrchestrator.Engine.Persistence;

/// <summary>
/// A second pool on the service's database for code that keeps no session state (the durable runtime and Hangfire): its
/// connections skip the reset (<c>DISCARD ALL</c>) when they go back to the pool. Both open a connection per statement or
/// commit, so the reset was a second statement for each, on the commit path and in an idle node's polling alike.
/// Transaction-scoped locks and settings are fine here (they end with the transaction); session locks, <c>SET</c> and
/// temporary tables belong on the service's own pool, which resets every connection.
/// Statements that run again and again (the commit, the claim, Hangfire's polls) are prepared on each connection after
/// their second use: PostgreSQL then skips parsing and planning them, which is most of its work for the commit's one
/// statement (docs/benchmarks.md, "prepared statements").
/// </summary>
public sealed class StatelessConnections(string connectionString) : IDisposable
{
    public NpgsqlDataSource DataSource { get; } = TracedDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
    {
        NoResetOnClose = true,
        MaxAutoPrepare = 64,
        AutoPrepareMinUsages = 2,
    }.ConnectionString);

    public void Dispose() => DataSource.Dispose();
}
