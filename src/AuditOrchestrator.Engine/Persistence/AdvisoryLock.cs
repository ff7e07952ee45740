using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace AuditOrchestrator.Engine.Persistence;

/// <summary>
/// An advisory lock's key: a fixed number, or a text that PostgreSQL hashes (<c>hashtextextended(text, seed)</c>).
/// The registry of keys is <see cref="AdvisoryLocks"/>.
/// </summary>
public sealed class AdvisoryLockKey
{
    private readonly long _id;
    private readonly string? _text;

    private AdvisoryLockKey(long id, string? text)
    {
        _id = id;
        _text = text;
    }

    internal static AdvisoryLockKey Fixed(long id) => new(id, null);

    internal static AdvisoryLockKey Hashed(string text, long seed) => new(seed, text);

    internal string Sql => _text is null ? "@lock_id" : "hashtextextended(@lock_text, @lock_id)";

    internal NpgsqlParameter[] Parameters() => _text is null
        ? [new NpgsqlParameter("lock_id", _id)]
        : [new NpgsqlParameter("lock_text", _text), new NpgsqlParameter("lock_id", _id)];

    public override string ToString() => _text is null ? $"advisory lock {_id:x}" : $"advisory lock '{_text}'";
}

/// <summary>Takes and releases the advisory locks of <see cref="AdvisoryLocks"/>.</summary>
public static class AdvisoryLock
{
    /// <summary>
    /// Takes a session lock on <paramref name="connection"/> unless another session holds it: false then. Release it
    /// with <see cref="ReleaseAsync"/>; it goes with the connection if the node dies.
    /// </summary>
    public static async Task<bool> TryTakeAsync(NpgsqlConnection connection, AdvisoryLockKey key, CancellationToken ct)
    {
        await using var command = Command(connection, null, "pg_try_advisory_lock", key);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Takes a session lock on <paramref name="connection"/>, waiting while another session holds it.</summary>
    public static async Task TakeAsync(NpgsqlConnection connection, AdvisoryLockKey key, CancellationToken ct)
    {
        await using var command = Command(connection, null, "pg_advisory_lock", key);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Releases a session lock taken on <paramref name="connection"/>; never cancelled, so a lock is not left behind.</summary>
    public static async Task ReleaseAsync(NpgsqlConnection connection, AdvisoryLockKey key)
    {
        await using var command = Command(connection, null, "pg_advisory_unlock", key);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Takes a lock held until <paramref name="transaction"/> ends, waiting while another holds it.</summary>
    public static async Task TakeForTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AdvisoryLockKey key, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, "pg_advisory_xact_lock", key);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The same, in the current transaction of an EF context.</summary>
    public static Task TakeForTransactionAsync(DatabaseFacade database, AdvisoryLockKey key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        var sql = "SELECT pg_advisory_xact_lock(" + key.Sql + ")";
        return database.ExecuteSqlRawAsync(sql, key.Parameters(), ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string function, AdvisoryLockKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = new NpgsqlCommand($"SELECT {function}({key.Sql})", connection, transaction);
        command.Parameters.AddRange(key.Parameters());
        return command;
    }
}
