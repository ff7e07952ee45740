using System.Diagnostics;
using Npgsql;

namespace AuditOrchestrator.Benchmarks.Runtime;

/// <summary>The yardstick: raw Npgsql transactions that update one row and insert one row, at 32 connections.</summary>
internal static class Baseline
{
    public static async Task<double> TransactionsPerSecondAsync(BenchDatabase database, int connections, TimeSpan duration)
    {
        await database.ExecuteAsync("""
            CREATE TABLE bench_rows (id int PRIMARY KEY, counter int NOT NULL);
            CREATE TABLE bench_log (id bigserial PRIMARY KEY, row_id int NOT NULL, at timestamptz NOT NULL, data jsonb);
            """);
        await database.ExecuteAsync($"INSERT INTO bench_rows SELECT g, 0 FROM generate_series(1, {connections}) g");
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(1, connections).Select(async worker =>
        {
            await using var connection = await database.DataSource.OpenConnectionAsync();
            var done = 0;
            while (watch.Elapsed < duration)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var update = new NpgsqlCommand("UPDATE bench_rows SET counter = counter + 1 WHERE id = $1", connection, transaction))
                {
                    update.Parameters.Add(new NpgsqlParameter { Value = worker });
                    await update.ExecuteNonQueryAsync();
                }
                await using (var insert = new NpgsqlCommand("INSERT INTO bench_log (row_id, at, data) VALUES ($1, now(), '{\"kind\":\"step\"}')", connection, transaction))
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = worker });
                    await insert.ExecuteNonQueryAsync();
                }
                await transaction.CommitAsync();
                done++;
            }
            return done;
        }));
        return counts.Sum() / watch.Elapsed.TotalSeconds;
    }
}
