using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AuditOrchestrator.Benchmarks.Runtime;

/// <summary>
/// The run record's linking at commit, the current functions against the first ones (migration 0013, installed beside
/// them under other names), alternating in one database: commits of 200 entries of 200 runs each, as a timer sweep
/// writes them, and one commit of 2,000 entries of one run, as a large fan-out writes them.
/// </summary>
internal static partial class EvidenceLinkBenchmark
{
    private const int Rounds = 5;
    private const int CommitsPerRound = 10;
    private const int EntriesPerCommit = 200;

    public static async Task RunAsync(string server)
    {
        await using var db = await BenchDatabase.CreateAsync(server, "bench_link");
        await using (await ServiceUnderTest.StartAsync(db.ConnectionString, new Dictionary<string, string>()))
        {
            // Started once for its migrations.
        }
        await db.ExecuteAsync(FirstFunctions());
        var runs = Rounds * CommitsPerRound * EntriesPerCommit * 2 + 2;
        await db.ExecuteAsync($"""
            INSERT INTO workflow_instances (id, definition_id, definition_version, status, current_step, variables, run_after, created_at, updated_at)
            SELECT gen_random_uuid(), 'link', 1, 'waiting', 'wait', '{"{}"}'::jsonb, now(), now(), now() FROM generate_series(1, {runs});
            CREATE TABLE bench_runs AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM workflow_instances;
            """);

        var next = 0;
        var times = new Dictionary<string, TimeSpan> { ["current"] = TimeSpan.Zero, ["first"] = TimeSpan.Zero };
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var variant in (string[])["current", "first"])
            {
                await UseAsync(db, variant);
                var watch = Stopwatch.StartNew();
                for (var commit = 0; commit < CommitsPerRound; commit++, next += EntriesPerCommit)
                {
                    await db.ExecuteAsync(Entries($"SELECT id FROM bench_runs WHERE n > {next} AND n <= {next + EntriesPerCommit}"));
                }
                times[variant] += watch.Elapsed;
            }
        }
        var commits = Rounds * CommitsPerRound;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run record, {commits} commits of {EntriesPerCommit} entries of as many runs: {times["current"].TotalMilliseconds / commits:F1} ms per commit " +
            $"(first linking: {times["first"].TotalMilliseconds / commits:F1} ms; {times["current"] / times["first"]:F2} × it)"));

        foreach (var variant in (string[])["current", "first"])
        {
            await UseAsync(db, variant);
            next++;
            var watch = Stopwatch.StartNew();
            await db.ExecuteAsync(Entries($"SELECT id FROM bench_runs, generate_series(1, 2000) WHERE n = {next}"));
            times[variant] = watch.Elapsed;
        }
        var unlinked = await db.CountAsync("SELECT count(*) FROM workflow_journal WHERE hash IS NULL");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run record, one commit of 2,000 entries of one run: {times["current"].TotalMilliseconds:F0} ms " +
            $"(first linking: {times["first"].TotalMilliseconds:F0} ms; {times["current"] / times["first"]:F2} × it); " +
            $"unlinked entries left: {unlinked}"));
    }

    private static string Entries(string instances) => $"""
        BEGIN;
        INSERT INTO workflow_journal (instance_id, at, kind, step_id, actor, data)
        SELECT id, now(), 'resumed', 'wait', NULL, '{"{"}"by": "timer"{"}"}'::jsonb FROM ({instances}) AS runs;
        COMMIT;
        """;

    private static Task UseAsync(BenchDatabase db, string variant) => db.ExecuteAsync($"""
        DROP TRIGGER workflow_journal_link ON workflow_journal;
        CREATE CONSTRAINT TRIGGER workflow_journal_link AFTER INSERT ON workflow_journal DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION {(variant == "first" ? "first_evidence_link_at_commit" : "evidence_link_at_commit")}();
        """);

    /// <summary>Migration 0013's two functions, renamed.</summary>
    private static string FirstFunctions()
    {
        var sql = File.ReadAllText(Path.Combine(ServiceUnderTest.RepositoryRoot(), "migrations", "0013_evidence_chain.sql"));
        return string.Join("\n", FunctionDefinition().Matches(sql).Select(m => m.Value))
            .Replace("FUNCTION evidence_link", "FUNCTION first_evidence_link", StringComparison.Ordinal)
            .Replace("PERFORM evidence_link_pending()", "PERFORM first_evidence_link_pending()", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"CREATE FUNCTION evidence_link_\w+\(\).*?\$\$;", RegexOptions.Singleline)]
    private static partial Regex FunctionDefinition();
}
