using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditOrchestrator.Audits.Kickoff;

public sealed record NextKickoff(string Audit, bool Enabled, IReadOnlyList<int> Quarters, string Period, DateTimeOffset At);

/// <summary>
/// Starts each enabled audit once in each of its quarters. The (audit, period) row in audit_kickoffs is inserted in the
/// same transaction as the run's instance, so however many nodes check at once or restart, one run starts per period;
/// a kickoff missed while every node was down starts at the next check within the same quarter.
/// </summary>
public sealed class AuditKickoff(
    KickoffSettings settings,
    WorkflowStarter starter,
    AuditRuns runs,
    AuditCatalog catalog,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<AuditKickoff> logger)
{
    public KickoffSettings Settings => settings;

    /// <summary>
    /// Starts every audit (or only <paramref name="only"/>) whose kickoff in the current quarter is due and not yet
    /// started. Returns the runs started.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> CheckAsync(CancellationToken ct, AuditKind? only = null)
    {
        var now = clock.GetUtcNow();
        var started = new List<Guid>();
        foreach (var schedule in settings.Audits.Where(a => a.Enabled && (only is null || a.Audit == only)))
        {
            if (settings.Calendar.DuePeriod(now, schedule.Quarters) is not { } period)
            {
                continue;
            }
            try
            {
                if (await StartAsync(schedule.Audit, period, ct) is { } run)
                {
                    started.Add(run);
                }
            }
            catch (UnknownDefinitionException e)
            {
                // Visible and retried at every check: the period is not used up by a run that could not start.
                logger.LogError("The scheduled {Audit} audit for {Period} cannot start: {Reason}", schedule.Audit.CliName(), period, e.Message);
            }
        }
        return started;
    }

    public IReadOnlyList<NextKickoff> Next()
    {
        var now = clock.GetUtcNow();
        return [.. settings.Audits.Select(a =>
        {
            var (period, at) = settings.Calendar.NextKickoff(now, a.Quarters);
            return new NextKickoff(a.Audit.CliName(), a.Enabled, a.Quarters, period.ToString(), at);
        })];
    }

    /// <summary>The next kickoff of one audit on the service clock.</summary>
    public DateTimeOffset NextOf(AuditSchedule schedule) => settings.Calendar.NextKickoff(clock.GetUtcNow(), schedule.Quarters).At;

    private async Task<Guid?> StartAsync(AuditKind audit, FiscalPeriod period, CancellationToken ct)
    {
        var definition = catalog.DefinitionFor(audit, configuration);
        var variables = new JsonObject { ["kind"] = RunKinds.Scheduled, ["period"] = period.ToString() };
        var run = await starter.TryStartAsync(definition, variables, null, "kickoff",
            (connection, transaction, id) => ClaimPeriodAsync(connection, transaction, audit, period, id, ct), ct);
        if (run is { } id)
        {
            // Should the node die before this line, the audit's first step writes the same row.
            await runs.EnsureAsync(id, audit.CliName(), RunKinds.Scheduled, ct);
            logger.LogInformation("Started the scheduled {Audit} audit for {Period}: run {RunId}", audit.CliName(), period, id);
        }
        return run;
    }

    private async Task<bool> ClaimPeriodAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditKind audit, FiscalPeriod period, Guid run, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO audit_kickoffs (audit, period, run_id, started_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = audit.CliName() });
        command.Parameters.Add(new NpgsqlParameter { Value = period.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = run });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }
}
