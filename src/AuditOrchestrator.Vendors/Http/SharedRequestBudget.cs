using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Vendors.Http;

/// <summary>
/// A request budget shared by every node: one row of <c>vendor_request_budgets</c> holds the next free send slot on
/// the database's clock. A node reserves a slot in one statement (no lock is held while it waits or sends) and waits
/// for it on its own clock, so two nodes together keep to the budget as one does. A vendor's "wait until" (a 429's
/// <c>Retry-After</c>, an exhausted <c>RateLimit-Remaining</c>) moves the slot for every node.
/// </summary>
public sealed class SharedRequestBudget(NpgsqlDataSource dataSource, string name)
{
    public string Name => name;

    /// <summary>
    /// Reserves the next slot at least <paramref name="interval"/> after the previous one and no sooner than
    /// <paramref name="lead"/> from now; answers how long from now it is.
    /// </summary>
    public async Task<TimeSpan> ReserveAsync(TimeSpan interval, TimeSpan lead, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO vendor_request_budgets AS b (name, next_slot) VALUES ($1, clock_timestamp() + $3 + $2)
            ON CONFLICT (name) DO UPDATE SET next_slot = greatest(b.next_slot, clock_timestamp() + $3) + $2
            RETURNING extract(epoch FROM (b.next_slot - $2 - clock_timestamp()))::float8
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = interval, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = lead, NpgsqlDbType = NpgsqlDbType.Interval });
        var seconds = (double)(await command.ExecuteScalarAsync(ct))!;
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
    }

    /// <summary>No node sends before <paramref name="wait"/> from now.</summary>
    public async Task PauseAsync(TimeSpan wait, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO vendor_request_budgets AS b (name, next_slot) VALUES ($1, clock_timestamp() + $2)
            ON CONFLICT (name) DO UPDATE SET next_slot = greatest(b.next_slot, clock_timestamp() + $2)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = wait, NpgsqlDbType = NpgsqlDbType.Interval });
        await command.ExecuteNonQueryAsync(ct);
    }
}
