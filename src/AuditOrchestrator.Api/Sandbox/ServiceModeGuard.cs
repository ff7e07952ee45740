using Npgsql;

namespace AuditOrchestrator.Api.Sandbox;

/// <summary>Keeps the sandbox's database and a production database apart (see migrations/0007_service_mode.sql).</summary>
public static class ServiceModeGuard
{
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, bool sandbox, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var mode = sandbox ? "sandbox" : "production";
        await using var claim = dataSource.CreateCommand(
            "INSERT INTO service_mode (id, mode, since) VALUES (1, $1, now()) ON CONFLICT (id) DO NOTHING");
        claim.Parameters.Add(new NpgsqlParameter { Value = mode });
        await claim.ExecuteNonQueryAsync(ct);
        await using var read = dataSource.CreateCommand("SELECT mode FROM service_mode WHERE id = 1");
        var owner = (string)(await read.ExecuteScalarAsync(ct))!;
        if (owner != mode)
        {
            throw new InvalidOperationException(owner == "sandbox"
                ? "This database belongs to the sandbox (simulated vendors); a service with real vendors must use its own database."
                : "This database belongs to a production service; the sandbox must use its own database (the run script uses auditorchestrator_sandbox).");
        }
    }
}
