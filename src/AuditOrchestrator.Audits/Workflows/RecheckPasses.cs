using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Engine.Clock;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>The findings of one vendor pass as a re-check sees them; <see cref="Shared"/> when another re-check ran it.</summary>
public sealed record RecheckPass(Guid Id, IReadOnlyList<Finding> Findings, TeamDataVersion? TeamVersion, bool Shared);

/// <summary>What a re-check asks of a pass: when it fell due, and whether its timer (nobody answering) resumed it.</summary>
/// <param name="ResumedBy">The bookmark whose consumption made the re-check due; null when there is none to go by.</param>
/// <param name="Step">The chart step of the re-check (E, G, I): one round of the run's items.</param>
/// <param name="ByTimer">Its wait ran out: nobody answered, so an answer the pass must see cannot be at stake.</param>
/// <param name="Person">The item's person, whose findings the re-check reads.</param>
public sealed record RecheckDue(Guid? ResumedBy, string Step, bool ByTimer, string? Person);

/// <summary>
/// Re-checks of one run that fall due together share one vendor pass (<c>audit_recheck_passes</c>). A pass serves a
/// re-check when it started, on the database's clock, at or after the moment that re-check became due (the database's
/// time of consuming the bookmark that resumed it: the answer, or the timer), so a pass that was already reading the
/// vendor when the person answered never answers for them. A re-check its timer resumed is also served by a pass of
/// the same step (the same round) that started up to <c>Audits__RecheckWindow</c> before it fell due, but only when its
/// person still fails there: a round's timers fall due spread over the time its pings took, and this lets one pass
/// serve the round, while "fixed" is only ever concluded from a pass that started after the re-check fell due. Among
/// the re-checks of a run, one claims a pass under a transaction-scoped advisory lock (held for the claim only, never
/// across the vendor calls); the others wait for it and reuse its findings within <c>Audits__RecheckWindow</c> of its
/// end. A claimer that dies stops renewing the pass's lease, and a waiting re-check then claims a pass of its own.
/// </summary>
public sealed class RecheckPasses(
    NpgsqlDataSource dataSource,
    InstanceQueries instances,
    AuditRunner runner,
    IOptions<AuditOptions> audits,
    IOptions<ExecutorOptions> executor,
    ServiceClock clock,
    TimeProvider realTime)
{
    /// <summary>How often a re-check waiting for another's pass looks whether it has finished (real time).</summary>
    public static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(200);

    private TimeSpan Lease => executor.Value.LeaseDuration;

    /// <summary>A fresh enough pass for a re-check of <paramref name="runId"/> that fell due as <paramref name="due"/> says.</summary>
    public async Task<RecheckPass> ForAsync(Guid runId, AuditKind audit, RecheckDue due, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(due);
        var window = audits.Value.RecheckWindow;
        if (window <= TimeSpan.Zero)
        {
            var own = await runner.RunAsync(audit, ct);
            Count("ran", audit);
            return new RecheckPass(Guid.Empty, own.Findings, own.Team.Version, Shared: false);
        }

        var dueOnDb = await DueMomentAsync(due.ResumedBy, ct);
        while (true)
        {
            var claim = await ClaimAsync(runId, audit, due, dueOnDb, window, ct);
            if (claim.Reused is { } reused)
            {
                Count("shared", audit);
                return reused;
            }
            if (claim.Claimed is { } id)
            {
                return await RunAsync(id, audit, ct);
            }
            // Another re-check's pass is running and fresh enough: its findings will do.
            await Task.Delay(WaitPollInterval, realTime, ct);
        }
    }

    /// <summary>The database's time of consuming the bookmark; its own now when there is none to go by (later is safe).</summary>
    private Task<DateTime> DueMomentAsync(Guid? resumedBy, CancellationToken ct) => instances.ConsumedOnDatabaseAsync(resumedBy, ct);

    private sealed record Claim(RecheckPass? Reused, Guid? Claimed);

    private sealed record Candidate(Guid Id, bool Finished, DateTime StartedAt, string? Step);

    private async Task<Claim> ClaimAsync(Guid runId, AuditKind audit, RecheckDue due, DateTime dueOnDb, TimeSpan window, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Serialises the claims of one run's re-checks, on every node, for this short transaction only.
        await AdvisoryLock.TakeForTransactionAsync(connection, transaction, AdvisoryLocks.RecheckPasses(runId), ct);

        // Measured on the service clock, like the wait it reaches into: on a sped-up clock five real minutes are days of
        // that wait, and a pass from before the person's fix would answer for them.
        var lookBack = due.ByTimer ? clock.ToReal(window) : TimeSpan.Zero;
        var candidates = new List<Candidate>();
        await using (var find = new NpgsqlCommand("""
            SELECT id, finished_at IS NOT NULL, started_at, step FROM audit_recheck_passes
            WHERE run_id = $1 AND started_at >= $2 - $4
              AND ((finished_at IS NOT NULL AND findings IS NOT NULL AND finished_at > clock_timestamp() - $3)
                   OR (finished_at IS NULL AND lease_expires_at > clock_timestamp()))
            ORDER BY finished_at IS NULL, started_at DESC
            """, connection, transaction))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = runId });
            find.Parameters.Add(new NpgsqlParameter { Value = dueOnDb, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            find.Parameters.Add(new NpgsqlParameter { Value = window });
            find.Parameters.Add(new NpgsqlParameter { Value = lookBack });
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                candidates.Add(new Candidate(reader.GetGuid(0), reader.GetBoolean(1), reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        // A pass that started after the re-check fell due serves it whatever it found; an earlier one of its round only
        // when the person still fails in it.
        bool AfterDue(Candidate c) => c.StartedAt >= dueOnDb;
        bool OfTheRound(Candidate c) => due.ByTimer && c.Step == due.Step;
        foreach (var candidate in candidates.Where(c => c.Finished && (AfterDue(c) || OfTheRound(c))))
        {
            var (findings, version) = await ReadFindingsAsync(connection, transaction, candidate.Id, ct);
            if (!AfterDue(candidate) && FollowUpItems.StillFailing(findings, due.Person).Count == 0)
            {
                continue;
            }
            await Execute(connection, transaction, "UPDATE audit_recheck_passes SET served = served + 1 WHERE id = $1", ct, candidate.Id);
            await transaction.CommitAsync(ct);
            return new Claim(new RecheckPass(candidate.Id, findings, version, Shared: true), null);
        }
        if (candidates.Any(c => !c.Finished && (AfterDue(c) || OfTheRound(c))))
        {
            // Another re-check's pass is running and may serve this one: wait for its findings.
            return new Claim(null, null);
        }

        // Findings of passes that can no longer serve anyone are dropped; the row stays as the count of passes run.
        await Execute(connection, transaction,
            "UPDATE audit_recheck_passes SET findings = NULL WHERE run_id = $1 AND findings IS NOT NULL AND finished_at <= clock_timestamp() - $2",
            ct, runId, window);
        var claimed = Guid.CreateVersion7();
        await Execute(connection, transaction, """
            INSERT INTO audit_recheck_passes (id, run_id, audit, started_at, claimed_by, lease_expires_at, step)
            VALUES ($1, $2, $3, clock_timestamp(), $4, clock_timestamp() + $5, $6)
            """, ct, claimed, runId, audit.ToString(), executor.Value.NodeId, Lease, due.Step);
        // If the node dies after this commit, the pass's lease runs out and a waiting re-check claims another.
        await transaction.CommitAsync(ct);
        return new Claim(null, claimed);
    }

    private static async Task<(List<Finding> Findings, TeamDataVersion? Version)> ReadFindingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken ct)
    {
        await using var read = new NpgsqlCommand("SELECT findings, team_version FROM audit_recheck_passes WHERE id = $1", connection, transaction);
        read.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await read.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (FindingsFrom(reader.GetString(0)), reader.IsDBNull(1) ? null : VersionFrom(reader.GetString(1)));
    }

    private async Task<RecheckPass> RunAsync(Guid id, AuditKind audit, CancellationToken ct)
    {
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewAsync(id, renewal.Token);
        AuditResult result;
        try
        {
            result = await runner.RunAsync(audit, ct);
        }
        catch
        {
            await renewal.CancelAsync();
            await renewing;
            // Waiting re-checks claim a pass of their own at once instead of waiting for the lease to run out.
            await AbandonAsync(id);
            throw;
        }
        await renewal.CancelAsync();
        await renewing;

        await using (var finish = dataSource.CreateCommand("""
            UPDATE audit_recheck_passes SET finished_at = clock_timestamp(), findings = $2::jsonb, team_version = $3::jsonb, served = served + 1
            WHERE id = $1
            """))
        {
            finish.Parameters.Add(new NpgsqlParameter { Value = id });
            finish.Parameters.Add(new NpgsqlParameter { Value = FindingsJson(result.Findings), NpgsqlDbType = NpgsqlDbType.Text });
            finish.Parameters.Add(new NpgsqlParameter { Value = (object?)VersionJson(result.Team.Version) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await finish.ExecuteNonQueryAsync(ct);
        }
        Count("ran", audit);
        return new RecheckPass(id, result.Findings, result.Team.Version, Shared: false);
    }

    private async Task RenewAsync(Guid id, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease / 3, realTime, ct);
                await using var renew = dataSource.CreateCommand(
                    "UPDATE audit_recheck_passes SET lease_expires_at = clock_timestamp() + $2 WHERE id = $1 AND finished_at IS NULL");
                renew.Parameters.Add(new NpgsqlParameter { Value = id });
                renew.Parameters.Add(new NpgsqlParameter { Value = Lease });
                await renew.ExecuteNonQueryAsync(ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException || (e is NpgsqlException && ct.IsCancellationRequested))
        {
            // The pass ended; a renewal that fails otherwise lets the lease run out, and another re-check takes over.
        }
        catch (NpgsqlException)
        {
        }
    }

    private async Task AbandonAsync(Guid id)
    {
        try
        {
            await using var abandon = dataSource.CreateCommand("DELETE FROM audit_recheck_passes WHERE id = $1 AND finished_at IS NULL");
            abandon.Parameters.Add(new NpgsqlParameter { Value = id });
            await abandon.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // Unreachable database: the lease runs out instead.
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void Count(string outcome, AuditKind audit) =>
        OrchestratorTelemetry.RecheckPasses.Add(1, OrchestratorTelemetry.Tags("audit", audit.ToString(), "outcome", outcome));

    private static string FindingsJson(IReadOnlyList<Finding> findings) =>
        new JsonArray([.. findings.Select(FollowUpItems.ToJson)]).ToJsonString();

    private static List<Finding> FindingsFrom(string json) =>
        [.. JsonSerializer.Deserialize<JsonArray>(json)!.Select(node => node!.AsObject()).Select(f => new Finding(
            f["code"]!.GetValue<string>(), StepVariables.String(f, "person"), StepVariables.String(f, "instance"),
            f["message"]!.GetValue<string>(), StepVariables.String(f, "expected"), StepVariables.String(f, "found")))];

    private static string? VersionJson(TeamDataVersion? version) => version is null
        ? null
        : new JsonObject { ["source"] = version.Source, ["commit"] = version.Commit, ["sha256"] = version.Sha256 }.ToJsonString();

    // A re-check records the team data's version only, not its files (RunRecordEntries.TeamDataVersion).
    private static TeamDataVersion VersionFrom(string json)
    {
        var v = JsonSerializer.Deserialize<JsonObject>(json)!;
        return new TeamDataVersion(v["source"]!.GetValue<string>(), StepVariables.String(v, "commit"), v["sha256"]!.GetValue<string>(), []);
    }
}
