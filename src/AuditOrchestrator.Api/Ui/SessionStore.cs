using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace AuditOrchestrator.Api.Ui;

/// <summary>
/// Server-side sessions: one <c>ui_sessions</c> row per sign-in, the browser's cookie carrying only its id. Signing
/// out (or losing the role at a re-check) revokes the row, so a copy of the cookie is worth nothing afterwards. The
/// ticket is data-protected in the row (it holds the GitLab OAuth tokens used for the re-check). Validity is judged on
/// the database's real clock, never on the service's (possibly sped-up) one.
/// </summary>
public sealed class SessionStore(NpgsqlDataSource dataSource, IDataProtectionProvider protection) : ITicketStore
{
    /// <summary>The row's id, kept in the ticket itself so a re-check can write the row at once.</summary>
    public const string SessionIdItem = "ao:session";
    private static readonly TimeSpan KeepAfterExpiry = TimeSpan.FromDays(1);
    private readonly IDataProtector protector = protection.CreateProtector("AuditOrchestrator.UiSessions.v1");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var id = Guid.CreateVersion7();
        ticket.Properties.Items[SessionIdItem] = id.ToString();
        await using var batch = dataSource.CreateBatch();
        // Rows of sessions long over are of no use to anyone: each sign-in sweeps them, so the table stays small.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM ui_sessions WHERE expires_at < now() - $1")
        {
            Parameters = { new NpgsqlParameter { Value = KeepAfterExpiry } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO ui_sessions (id, subject, username, ticket, expires_at) VALUES ($1, $2, $3, $4, $5)")
        {
            Parameters =
            {
                new NpgsqlParameter { Value = id },
                new NpgsqlParameter { Value = ticket.Principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "" },
                new NpgsqlParameter { Value = ticket.Principal.Identity?.Name ?? "" },
                new NpgsqlParameter { Value = Protect(ticket) },
                new NpgsqlParameter { Value = ExpiresAt(ticket) },
            },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return id.ToString();
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!Guid.TryParse(key, out var id))
        {
            return;
        }
        // A revoked or expired session stays so: renewing never brings one back.
        await using var command = dataSource.CreateCommand(
            "UPDATE ui_sessions SET ticket = $2, username = $3, expires_at = $4, renewed_at = now() " +
            "WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = Protect(ticket) });
        command.Parameters.Add(new NpgsqlParameter { Value = ticket.Principal.Identity?.Name ?? "" });
        command.Parameters.Add(new NpgsqlParameter { Value = ExpiresAt(ticket) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(key, out var id))
        {
            return null;
        }
        await using var command = dataSource.CreateCommand(
            "SELECT ticket FROM ui_sessions WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        if (await command.ExecuteScalarAsync(cancellationToken) is not byte[] stored)
        {
            return null;
        }
        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(stored));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // written under keys this node cannot read (another Auth__DataProtectionKey)
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(key, out var id))
        {
            return;
        }
        await using var command = dataSource.CreateCommand("UPDATE ui_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private byte[] Protect(AuthenticationTicket ticket) => protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private static DateTimeOffset ExpiresAt(AuthenticationTicket ticket) =>
        ticket.Properties.ExpiresUtc ?? TimeProvider.System.GetUtcNow() + UiAuthentication.SessionLifetime;
}
