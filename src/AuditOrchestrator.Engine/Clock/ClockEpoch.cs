using Npgsql;

namespace AuditOrchestrator.Engine.Clock;

/// <summary>
/// Keeps the scaled clock's epoch in the database: every node computes the same simulated now, a restart continues
/// from where the clock was, and a change of speed starts a new epoch at the current simulated time, so the clock
/// never goes back.
/// </summary>
public static class ClockEpoch
{
    public static async Task LoadOrStartAsync(NpgsqlDataSource dataSource, ServiceClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(clock);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockRow = new NpgsqlCommand("LOCK TABLE service_clock IN EXCLUSIVE MODE", connection, transaction))
        {
            await lockRow.ExecuteNonQueryAsync(ct);
        }

        // PostgreSQL keeps microseconds: every node must compute from the same stored instants.
        var realNow = ToMicroseconds(TimeProvider.System.GetUtcNow());
        double? storedSpeed = null;
        DateTimeOffset storedReal = default, storedSimulated = default;
        await using (var read = new NpgsqlCommand("SELECT speed, real_start, simulated_start FROM service_clock WHERE id = 1", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                storedSpeed = reader.GetDouble(0);
                storedReal = reader.GetFieldValue<DateTimeOffset>(1);
                storedSimulated = reader.GetFieldValue<DateTimeOffset>(2);
            }
        }

        if (storedSpeed == clock.Speed)
        {
            clock.SetEpoch(storedReal, storedSimulated);
        }
        else
        {
            // A new epoch starts where the old clock is now (or at real time, the first time), whichever is later.
            var simulatedNow = storedSpeed is { } speed
                ? storedSimulated + TimeSpan.FromTicks((long)((realNow - storedReal).Ticks * speed))
                : realNow;
            simulatedNow = ToMicroseconds(simulatedNow < realNow ? realNow : simulatedNow);
            clock.SetEpoch(realNow, simulatedNow);
            await using var write = new NpgsqlCommand("""
                INSERT INTO service_clock (id, speed, real_start, simulated_start) VALUES (1, $1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET speed = excluded.speed, real_start = excluded.real_start, simulated_start = excluded.simulated_start
                """, connection, transaction);
            write.Parameters.Add(new NpgsqlParameter { Value = clock.Speed });
            write.Parameters.Add(new NpgsqlParameter { Value = realNow });
            write.Parameters.Add(new NpgsqlParameter { Value = simulatedNow });
            await write.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static DateTimeOffset ToMicroseconds(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
}
