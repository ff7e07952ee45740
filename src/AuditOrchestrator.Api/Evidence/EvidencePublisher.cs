using System.Text;
using AuditOrchestrator.Engine.Jobs;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Hangfire;
using Npgsql;

namespace AuditOrchestrator.Api.Evidence;

/// <summary>
/// When a run completes, its JSON pack is uploaded to the audit project and linked, with the chain's head hash, in a
/// note on the run's issue: the record outside the service anchors the one inside. One node at a time (advisory lock).
/// </summary>
public sealed class EvidencePublisher(NpgsqlDataSource dataSource, InstanceQueries instances, EvidenceService evidence, GitLabClient gitlab, TimeProvider clock,
    ILogger<EvidencePublisher> logger)
{
    private const int Batch = 20;

    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        if (!await AdvisoryLock.TryTakeAsync(lockConnection, AdvisoryLocks.EvidencePublisher, ct))
        {
            return 0;
        }
        try
        {
            // Runs with an issue and no publication yet; the engine says which of them completed, earliest first.
            var unpublished = new Dictionary<Guid, long>();
            await using (var command = dataSource.CreateCommand("""
                SELECT r.id, r.issue_iid FROM audit_runs r
                WHERE r.issue_iid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_publications p WHERE p.run_id = r.id)
                """))
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    unpublished[reader.GetGuid(0)] = reader.GetInt32(1);
                }
            }
            var pending = (await instances.CompletedFirstAsync(unpublished.Keys, Batch, ct)).Select(run => (Run: run, Iid: unpublished[run])).ToList();
            foreach (var (run, iid) in pending)
            {
                await PublishAsync(run, iid, ct);
            }
            return pending.Count;
        }
        finally
        {
            await AdvisoryLock.ReleaseAsync(lockConnection, AdvisoryLocks.EvidencePublisher);
        }
    }

    private async Task PublishAsync(Guid runId, long iid, CancellationToken ct)
    {
        if (await evidence.BuildAsync(runId, ct) is not { } pack)
        {
            return;
        }
        var headSeq = pack["record"]?["head"]?["seq"]?.GetValue<long>() ?? 0;
        var headHash = pack["record"]?["head"]?["hash"]?.GetValue<string>();
        // If the node dies after the upload, the next pass uploads again: an upload no note links is never shown.
        var upload = await gitlab.UploadAsync($"evidence-{runId}.json", Encoding.UTF8.GetBytes(EvidencePack.ToText(pack)), "application/json", ct);
        var body = $"""
            **Evidence pack** of this audit: {upload.Markdown}

            The run's record has {headSeq} entries and ends in the head hash `{headHash}`. The pack is intact only if
            `evidence verify <file>` (or `POST /api/evidence/verify`) says so and its record ends in this hash.
            """;
        // If the node dies after the note, the next pass finds it by its marker and only writes the row.
        var note = await gitlab.CreateNoteOnceAsync(iid, $"evidence:{runId:N}", body, ct);
        await using var insert = dataSource.CreateCommand("""
            INSERT INTO evidence_publications (run_id, head_seq, head_hash, upload_url, note_id, published_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id) DO NOTHING
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = runId });
        insert.Parameters.Add(new NpgsqlParameter { Value = headSeq });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)headHash ?? DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter { Value = upload.Url });
        insert.Parameters.Add(new NpgsqlParameter { Value = note.Note.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        await insert.ExecuteNonQueryAsync(ct);
        logger.LogInformation("Published the evidence pack of run {RunId} on issue {Iid} (head {Head})", runId, iid, headHash);
    }
}

/// <summary>The Hangfire recurring job <c>evidence-publish</c>: every 15 s (real time), on whichever node gets the lock.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class EvidencePublishJob(EvidencePublisher publisher)
{
    public const string Id = "evidence-publish";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public async Task RunAsync(CancellationToken ct) => await publisher.PublishPendingAsync(ct);

    public static RecurringPass Pass => RecurringPass.Every<EvidencePublishJob>(Id, Interval, job => job.RunAsync(CancellationToken.None));
}
